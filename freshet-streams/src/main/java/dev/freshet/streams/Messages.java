package dev.freshet.streams;

import dev.freshet.api.StreamStatus;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.ResourceInUseException;
import dev.freshet.api.errors.ResourceNotFoundException;

/** The errors about streams and shards that several operations raise, worded as AWS words them. */
final class Messages {

    private Messages() {}

    static ResourceNotFoundException streamNotFound(StreamKey key) {
        return new ResourceNotFoundException(
                "Stream " + key.name() + " under account " + key.accountId() + " not found.");
    }

    static ResourceInUseException streamExists(StreamKey key) {
        return new ResourceInUseException(
                "Stream " + key.name() + " under account " + key.accountId() + " already exists.");
    }

    static ResourceInUseException streamNotActive(StreamKey key, StreamStatus status) {
        return new ResourceInUseException("Stream " + key.name() + " under account " + key.accountId()
                + " not ACTIVE, instead in state " + status);
    }

    static ResourceNotFoundException shardNotFound(String shardId, StreamMetadata stream) {
        return shardNotFound(shardId, stream.name(), stream.accountId());
    }

    static ResourceNotFoundException shardNotFound(String shardId, String streamName, String accountId) {
        return new ResourceNotFoundException("Shard " + shardId + " in stream " + streamName
                + " under account " + accountId + " does not exist");
    }

    static InvalidArgumentException invalidIterator() {
        return new InvalidArgumentException("Invalid ShardIterator.");
    }
}
