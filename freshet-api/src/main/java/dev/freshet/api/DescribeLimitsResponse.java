package dev.freshet.api;

/** DescribeLimits output. */
public record DescribeLimitsResponse(Integer shardLimit, Integer openShardCount, Integer onDemandStreamCount, Integer onDemandStreamCountLimit) {}
