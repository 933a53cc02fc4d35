package dev.freshet.bench;

/**
 * A record to put. Immutable by convention: the array is shared with the client, which must not change it.
 *
 * @param partitionKey the partition key (routes the record to a shard by its MD5, unless an explicit hash
 *     key is given)
 * @param data the payload, laid out by {@link Payload}
 * @param explicitHashKey the hash key, in decimal, that routes the record instead of the partition key's MD5;
 *     or null
 */
record OutgoingRecord(String partitionKey, byte[] data, String explicitHashKey) {

    /** A record routed by its partition key. */
    OutgoingRecord(String partitionKey, byte[] data) {
        this(partitionKey, data, null);
    }
}
