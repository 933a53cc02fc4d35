package dev.freshet.api;

/** GetShardIterator output. */
public record GetShardIteratorResponse(String shardIterator) {}
