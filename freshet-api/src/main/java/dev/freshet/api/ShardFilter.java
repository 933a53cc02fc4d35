package dev.freshet.api;

import java.time.Instant;

/** Which shards ListShards returns. */
public record ShardFilter(ShardFilterType type, String shardId, Instant timestamp) {}
