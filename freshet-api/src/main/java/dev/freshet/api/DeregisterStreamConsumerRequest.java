package dev.freshet.api;

/** DeregisterStreamConsumer input. */
public record DeregisterStreamConsumerRequest(String streamARN, String consumerName, String consumerARN) {}
