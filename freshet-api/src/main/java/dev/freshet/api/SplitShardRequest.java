package dev.freshet.api;

/** SplitShard input. */
public record SplitShardRequest(String streamName, String shardToSplit, String newStartingHashKey, String streamARN) implements StreamAddressed {}
