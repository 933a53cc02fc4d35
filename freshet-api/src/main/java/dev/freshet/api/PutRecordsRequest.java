package dev.freshet.api;

import java.util.List;

/** PutRecords input. */
public record PutRecordsRequest(List<PutRecordsRequestEntry> records, String streamName, String streamARN) implements StreamAddressed {}
