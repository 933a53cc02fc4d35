package dev.freshet.api;

/** UpdateStreamWarmThroughput output. */
public record UpdateStreamWarmThroughputResponse(String streamARN, String streamName, WarmThroughputObject warmThroughput) {}
