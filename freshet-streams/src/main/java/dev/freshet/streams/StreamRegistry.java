package dev.freshet.streams;

import dev.freshet.api.RequestContext;
import dev.freshet.api.StreamAddressed;
import dev.freshet.api.StreamStatus;
import dev.freshet.api.errors.AccessDeniedException;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.LimitExceededException;
import dev.freshet.api.errors.Violation;
import dev.freshet.storage.LogStorage;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every stream of every account and region, by name and by id: the one place where streams come
 * and go and where their metadata changes (stored first, then published).
 *
 * <p>Thread-safe: lookups are lock-free; changes are serialized on this registry, which is fine for
 * control-plane operations that AWS itself limits to a few per second.
 */
final class StreamRegistry {

    private final Map<StreamKey, Stream> byName = new ConcurrentHashMap<>();
    private final Map<String, Stream> byId = new ConcurrentHashMap<>();
    private final MetadataStore store;
    private final LogStorage logs;
    private final Lifecycle lifecycle;
    private final Clock clock;

    StreamRegistry(MetadataStore store, LogStorage logs, Lifecycle lifecycle, Clock clock) throws IOException {
        this.store = store;
        this.logs = logs;
        this.lifecycle = lifecycle;
        this.clock = clock;
        for (StreamMetadata metadata : store.loadAll()) {
            Stream stream = new Stream(metadata, logs);
            byName.put(keyOf(metadata), stream);
            byId.put(metadata.streamId(), stream);
        }
    }

    /**
     * The key of the stream a request addresses, by name or by ARN, in the caller's account and region.
     * An ARN of another account is refused (cross-account access needs resource policies, which come
     * later); one of another region names no stream here.
     */
    static StreamKey keyOf(RequestContext context, StreamAddressed request) {
        String name = request.streamName();
        String arn = request.streamARN();
        if (arn == null) {
            if (name == null) {
                throw Violation.exception(List.of(
                        new Violation(null, "streamName", "Member must not be null")));
            }
            return new StreamKey(context.accountId(), context.region(), name);
        }
        String[] parts = arn.split(":", 6);
        String resource = parts.length == 6 ? parts[5] : "";
        if (parts.length != 6 || !resource.startsWith("stream/") || resource.indexOf('/', 7) >= 0) {
            throw new InvalidArgumentException("Invalid StreamARN " + arn + ".");
        }
        String arnName = resource.substring("stream/".length());
        if (name != null && !name.equals(arnName)) {
            throw new InvalidArgumentException(
                    "StreamARN " + arn + " and StreamName " + name + " do not refer to the same stream.");
        }
        StreamKey key = new StreamKey(context.accountId(), context.region(), arnName);
        if (!parts[4].equals(context.accountId())) {
            throw new AccessDeniedException("Account " + context.accountId() + " is not authorized to access "
                    + arn + " because no resource-based policy allows it.");
        }
        if (!parts[3].equals(context.region())) {
            throw Messages.streamNotFound(key);
        }
        return key;
    }

    static StreamKey keyOf(StreamMetadata metadata) {
        return new StreamKey(metadata.accountId(), metadata.region(), metadata.name());
    }

    StreamStatus status(Stream stream) {
        return lifecycle.status(stream.metadata(), clock.millis());
    }

    /** The stream with this key that is not gone, or {@code null}. */
    Stream find(StreamKey key) {
        Stream stream = byName.get(key);
        return stream == null || status(stream) == null ? null : stream;
    }

    /** The stream with this key that is not gone. */
    Stream require(StreamKey key) {
        Stream stream = find(key);
        if (stream == null) {
            throw Messages.streamNotFound(key);
        }
        return stream;
    }

    /** The stream with this key, which must be ACTIVE or UPDATING to be written or read; else "not found", as AWS says. */
    Stream requireActive(StreamKey key) {
        Stream stream = require(key);
        StreamStatus status = status(stream);
        if (status != StreamStatus.ACTIVE && status != StreamStatus.UPDATING) {
            throw Messages.streamNotFound(key);
        }
        return stream;
    }

    /** The stream with this id that is not gone, or {@code null}. */
    Stream findById(String streamId) {
        Stream stream = byId.get(streamId);
        return stream == null || status(stream) == null ? null : stream;
    }

    /** Streams of one account and region that are not gone, by name. */
    List<Stream> list(String accountId, String region) {
        List<Stream> streams = new ArrayList<>();
        for (Stream stream : byId.values()) {
            StreamMetadata metadata = stream.metadata();
            if (metadata.accountId().equals(accountId) && metadata.region().equals(region) && status(stream) != null) {
                streams.add(stream);
            }
        }
        streams.sort(Comparator.comparing(stream -> stream.metadata().name()));
        return streams;
    }

    List<Stream> all() {
        return List.copyOf(byId.values());
    }

    /**
     * Adds a new stream; fails if a stream with its key still exists, or if its shards would take the
     * account's open shards in its region past {@code shardLimit}.
     */
    synchronized Stream create(StreamMetadata metadata, int shardLimit) throws IOException {
        StreamKey key = keyOf(metadata);
        Stream existing = byName.get(key);
        if (existing != null) {
            if (status(existing) != null) {
                throw Messages.streamExists(key);
            }
            purge(existing);
        }
        requireShardCapacity(metadata.accountId(), metadata.region(), metadata.openShardCount(), shardLimit);
        store.save(metadata);
        Stream stream = new Stream(metadata, logs);
        byId.put(metadata.streamId(), stream);
        byName.put(key, stream);
        return stream;
    }

    /** Fails as AWS does if {@code requested} more open shards would take the account past {@code shardLimit}. */
    void requireShardCapacity(String accountId, String region, long requested, int shardLimit) {
        long current = 0;
        for (Stream stream : list(accountId, region)) {
            current += stream.metadata().openShardCount();
        }
        if (current + requested > shardLimit) {
            throw new LimitExceededException("This request would exceed the shard limit for the account "
                    + accountId + " in " + region + ". Current shard count for the account: " + current
                    + ". Limit: " + shardLimit + ". Number of additional shards that would have resulted from this "
                    + "request: " + requested + ". Refer to the AWS Service Limits page "
                    + "(https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits "
                    + "and how to request higher limits.");
        }
    }

    /** Stores and publishes a stream's next metadata. */
    synchronized void update(Stream stream, StreamMetadata next) throws IOException {
        store.save(next);
        stream.metadata(next);
    }

    /** Removes every stream whose deletion delay has passed, with its data. */
    synchronized void purgeGone() throws IOException {
        for (Stream stream : byId.values()) {
            if (status(stream) == null) {
                purge(stream);
            }
        }
    }

    private void purge(Stream stream) throws IOException {
        stream.markPurged();
        byName.remove(keyOf(stream.metadata()), stream);
        byId.remove(stream.id());
        logs.deleteGroup(stream.id());
        store.delete(stream.id());
    }
}
