package dev.freshet.api;

/** UpdateStreamWarmThroughput input. */
public record UpdateStreamWarmThroughputRequest(String streamARN, String streamName, Integer warmThroughputMiBps) implements StreamAddressed {}
