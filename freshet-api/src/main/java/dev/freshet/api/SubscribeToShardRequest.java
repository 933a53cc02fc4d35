package dev.freshet.api;

/** SubscribeToShard input. */
public record SubscribeToShardRequest(String consumerARN, String shardId, StartingPosition startingPosition) {}
