package dev.freshet.api;

/** DescribeStream input. */
public record DescribeStreamRequest(String streamName, Integer limit, String exclusiveStartShardId, String streamARN) implements StreamAddressed {}
