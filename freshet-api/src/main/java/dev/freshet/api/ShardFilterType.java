package dev.freshet.api;

/** The kinds of ListShards filter. */
public enum ShardFilterType {
    AFTER_SHARD_ID,
    AT_TRIM_HORIZON,
    FROM_TRIM_HORIZON,
    AT_LATEST,
    AT_TIMESTAMP,
    FROM_TIMESTAMP
}
