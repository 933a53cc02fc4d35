package dev.freshet.api;

/** RegisterStreamConsumer output. */
public record RegisterStreamConsumerResponse(Consumer consumer) {}
