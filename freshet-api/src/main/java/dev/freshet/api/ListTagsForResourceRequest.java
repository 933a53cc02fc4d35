package dev.freshet.api;

/** ListTagsForResource input. */
public record ListTagsForResourceRequest(String resourceARN) {}
