package dev.freshet.api;

import java.util.List;

/** One SubscribeToShardEvent of a SubscribeToShard event stream. */
public record SubscribeToShardEvent(List<StreamRecord> records, String continuationSequenceNumber,
        Long millisBehindLatest, List<ChildShard> childShards) {}
