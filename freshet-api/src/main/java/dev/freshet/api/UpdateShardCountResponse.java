package dev.freshet.api;

/** UpdateShardCount output. */
public record UpdateShardCountResponse(String streamName, Integer currentShardCount, Integer targetShardCount, String streamARN) {}
