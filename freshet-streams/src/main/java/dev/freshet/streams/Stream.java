package dev.freshet.streams;

import dev.freshet.storage.LogStorage;
import dev.freshet.storage.ShardLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stream at run time: its current metadata and its open shard logs.
 *
 * <p>Thread-safe. The metadata is an immutable value replaced whole (only by {@link StreamRegistry},
 * after it is stored); shard logs are opened on first use and are themselves thread-safe.
 */
final class Stream {

    private final LogStorage storage;
    private final Map<Integer, ShardLog> logs = new ConcurrentHashMap<>();
    private volatile StreamMetadata metadata;

    Stream(StreamMetadata metadata, LogStorage storage) {
        this.metadata = metadata;
        this.storage = storage;
    }

    StreamMetadata metadata() {
        return metadata;
    }

    void metadata(StreamMetadata next) {
        this.metadata = next;
    }

    String id() {
        return metadata.streamId();
    }

    int tag() {
        return SequenceNumbers.streamTag(metadata.streamId());
    }

    ShardLog log(ShardMetadata shard) {
        return logs.computeIfAbsent(shard.index(), index -> {
            try {
                return storage.open(metadata.streamId() + "/" + shard.shardId());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the log of " + shard.shardId(), e);
            }
        });
    }

    String sequenceNumber(ShardMetadata shard, long offset) {
        return SequenceNumbers.format(shard.index(), offset, tag());
    }
}
