package dev.freshet.api;

import java.util.List;

/** ListStreamConsumers output. */
public record ListStreamConsumersResponse(List<Consumer> consumers, String nextToken) {}
