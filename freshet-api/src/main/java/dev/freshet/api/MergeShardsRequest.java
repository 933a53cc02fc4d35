package dev.freshet.api;

/** MergeShards input. */
public record MergeShardsRequest(String streamName, String shardToMerge, String adjacentShardToMerge, String streamARN) implements StreamAddressed {}
