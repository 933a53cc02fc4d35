package dev.freshet.api;

/** The capacity mode of a stream. */
public record StreamModeDetails(StreamMode streamMode) {}
