package dev.freshet.api;

/** DescribeStreamSummary input. */
public record DescribeStreamSummaryRequest(String streamName, String streamARN) implements StreamAddressed {}
