package dev.freshet.api;

/** DecreaseStreamRetentionPeriod input. */
public record DecreaseStreamRetentionPeriodRequest(String streamName, Integer retentionPeriodHours, String streamARN) implements StreamAddressed {}
