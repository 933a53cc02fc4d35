package dev.freshet.api;

/** ListStreams input. */
public record ListStreamsRequest(Integer limit, String exclusiveStartStreamName, String nextToken) {}
