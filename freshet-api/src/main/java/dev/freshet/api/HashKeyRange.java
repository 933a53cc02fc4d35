package dev.freshet.api;

/** A shard's range of 128-bit hash keys, both ends inclusive, as decimal strings. */
public record HashKeyRange(String startingHashKey, String endingHashKey) {}
