package dev.freshet.storage;

/** A record to append: its partition key (at most 256 UTF-16 chars, stored as UTF-8) and its data. */
public record NewRecord(String partitionKey, byte[] data) {}
