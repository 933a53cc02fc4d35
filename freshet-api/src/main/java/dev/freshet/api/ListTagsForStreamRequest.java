package dev.freshet.api;

/** ListTagsForStream input. */
public record ListTagsForStreamRequest(String streamName, String exclusiveStartTagKey, Integer limit, String streamARN) implements StreamAddressed {}
