package dev.freshet.api;

import java.util.List;

/** GetRecords output. */
public record GetRecordsResponse(List<StreamRecord> records, String nextShardIterator, Long millisBehindLatest, List<ChildShard> childShards) {}
