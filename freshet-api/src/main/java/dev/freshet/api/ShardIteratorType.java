package dev.freshet.api;

/** Where a shard iterator starts. */
public enum ShardIteratorType {
    AT_SEQUENCE_NUMBER,
    AFTER_SEQUENCE_NUMBER,
    TRIM_HORIZON,
    LATEST,
    AT_TIMESTAMP
}
