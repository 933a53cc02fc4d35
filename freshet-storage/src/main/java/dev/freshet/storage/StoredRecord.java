package dev.freshet.storage;

/** A record as stored: its offset in the shard, its arrival time, partition key and data. */
public record StoredRecord(long offset, long arrivalMillis, String partitionKey, byte[] data) {}
