package dev.freshet.api;

/** DescribeStreamConsumer output. */
public record DescribeStreamConsumerResponse(ConsumerDescription consumerDescription) {}
