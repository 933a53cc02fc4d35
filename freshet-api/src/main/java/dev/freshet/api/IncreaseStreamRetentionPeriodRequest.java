package dev.freshet.api;

/** IncreaseStreamRetentionPeriod input. */
public record IncreaseStreamRetentionPeriodRequest(String streamName, Integer retentionPeriodHours, String streamARN) implements StreamAddressed {}
