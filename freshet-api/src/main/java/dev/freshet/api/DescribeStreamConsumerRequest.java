package dev.freshet.api;

/** DescribeStreamConsumer input. */
public record DescribeStreamConsumerRequest(String streamARN, String consumerName, String consumerARN) {}
