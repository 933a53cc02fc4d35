package dev.freshet.api;

import java.time.Instant;

/** Where a SubscribeToShard subscription starts. */
public record StartingPosition(ShardIteratorType type, String sequenceNumber, Instant timestamp) {}
