package dev.freshet.api;

/** The outcome of one record of a PutRecords request: where it went, or why it failed. */
public record PutRecordsResultEntry(String sequenceNumber, String shardId, String errorCode, String errorMessage) {}
