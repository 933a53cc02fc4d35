package dev.freshet.api;

import java.util.List;

/** ListShards output. */
public record ListShardsResponse(List<Shard> shards, String nextToken) {}
