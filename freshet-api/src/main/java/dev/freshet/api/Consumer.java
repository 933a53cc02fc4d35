package dev.freshet.api;

import java.time.Instant;

/** A registered consumer as ListStreamConsumers shows it. */
public record Consumer(String consumerName, String consumerARN, ConsumerStatus consumerStatus, Instant consumerCreationTimestamp) {}
