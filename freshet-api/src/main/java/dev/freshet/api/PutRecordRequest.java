package dev.freshet.api;

/** PutRecord input. */
public record PutRecordRequest(String streamName, byte[] data, String partitionKey, String explicitHashKey, String sequenceNumberForOrdering, String streamARN) implements StreamAddressed {}
