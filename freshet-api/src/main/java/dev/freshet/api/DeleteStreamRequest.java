package dev.freshet.api;

/** DeleteStream input. */
public record DeleteStreamRequest(String streamName, Boolean enforceConsumerDeletion, String streamARN) implements StreamAddressed {}
