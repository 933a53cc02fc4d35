package dev.freshet.api;

/** GetRecords input. */
public record GetRecordsRequest(String shardIterator, Integer limit, String streamARN) {}
