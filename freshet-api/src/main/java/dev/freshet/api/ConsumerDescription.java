package dev.freshet.api;

import java.time.Instant;

/** A registered consumer as DescribeStreamConsumer shows it. */
public record ConsumerDescription(String consumerName, String consumerARN, ConsumerStatus consumerStatus, Instant consumerCreationTimestamp, String streamARN) {}
