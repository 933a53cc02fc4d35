package dev.freshet.api;

import java.util.List;

/** The shard-level metrics enabled on a stream. */
public record EnhancedMetrics(List<String> shardLevelMetrics) {}
