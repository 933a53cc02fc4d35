package dev.freshet.api;

import java.time.Instant;

/** ListShards input. */
public record ListShardsRequest(String streamName, String nextToken, String exclusiveStartShardId, Integer maxResults, Instant streamCreationTimestamp, ShardFilter shardFilter, String streamARN) implements StreamAddressed {}
