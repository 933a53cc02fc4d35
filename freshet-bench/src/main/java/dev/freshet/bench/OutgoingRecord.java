package dev.freshet.bench;

/**
 * A record to put. Immutable by convention: the array is shared with the client, which must not change it.
 *
 * @param partitionKey the partition key (routes the record to a shard by its MD5)
 * @param data the payload, laid out by {@link Payload}
 */
record OutgoingRecord(String partitionKey, byte[] data) {}
