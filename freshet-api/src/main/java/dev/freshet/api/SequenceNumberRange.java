package dev.freshet.api;

/** The sequence numbers of a shard: its first, and its last once the shard is closed. */
public record SequenceNumberRange(String startingSequenceNumber, String endingSequenceNumber) {}
