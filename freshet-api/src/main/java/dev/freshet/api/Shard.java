package dev.freshet.api;

/** A shard as DescribeStream and ListShards show it. */
public record Shard(String shardId, String parentShardId, String adjacentParentShardId, HashKeyRange hashKeyRange, SequenceNumberRange sequenceNumberRange) {}
