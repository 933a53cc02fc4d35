package dev.freshet.api;

import java.time.Instant;

/** GetShardIterator input. */
public record GetShardIteratorRequest(String streamName, String shardId, ShardIteratorType shardIteratorType, String startingSequenceNumber, Instant timestamp, String streamARN) implements StreamAddressed {}
