package dev.freshet.api;

import java.util.List;

/** A shard created from a closed one, as GetRecords reports at the parent's end. */
public record ChildShard(String shardId, List<String> parentShards, HashKeyRange hashKeyRange) {}
