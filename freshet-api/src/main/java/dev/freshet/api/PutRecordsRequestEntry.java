package dev.freshet.api;

/** One record of a PutRecords request. */
public record PutRecordsRequestEntry(byte[] data, String explicitHashKey, String partitionKey) {}
