package dev.freshet.streams;

import dev.freshet.api.ConsumerStatus;
import dev.freshet.api.RequestContext;
import dev.freshet.api.StreamAddressed;
import dev.freshet.api.StreamStatus;
import dev.freshet.api.errors.AccessDeniedException;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.LimitExceededException;
import dev.freshet.api.errors.Violation;
import dev.freshet.storage.LogStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    /** AWS refuses CreateStream while an account has this many streams CREATING. */
    static final int MAX_CREATING = 5;

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
        return keyOfArn(context, arn, name);
    }

    /**
     * The key of the stream {@code arn} names, checked as a StreamARN: against {@code name} unless it is
     * {@code null}, then against the caller's account and region (see {@link #keyOf(RequestContext,
     * StreamAddressed)}). {@link ResourceArn} checks the stream part of a resource ARN here too.
     */
    static StreamKey keyOfArn(RequestContext context, String arn, String name) {
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
        return stream == null || status(stream) == null ? null : settled(stream);
    }

    /** The stream with this key that is not gone. */
    Stream require(StreamKey key) {
        Stream stream = find(key);
        if (stream == null) {
            throw Messages.streamNotFound(key);
        }
        return stream;
    }

    /**
     * The stream with this key, which must be ACTIVE or UPDATING to be written or read; else "not
     * found", as AWS says.
     */
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
        return stream == null || status(stream) == null ? null : settled(stream);
    }

    /**
     * {@code stream}, with a reshard whose UPDATING time is over applied first. Applying it on the
     * first look after that time (and in maintenance) rather than on a timer keeps it exact across
     * restarts and under an injected clock. Callers must not hold the stream's append lock.
     */
    Stream settled(Stream stream) {
        StreamMetadata metadata = stream.metadata();
        if (metadata.pendingReshard().isEmpty() || clock.millis() < metadata.updatingUntilMillis()) {
            return stream;
        }
        try {
            change(stream, current -> {
                long now = clock.millis();
                if (current.pendingReshard().isEmpty() || now < current.updatingUntilMillis()) {
                    return current;
                }
                ShardChanges changes = new ShardChanges(current, now, shard -> stream.log(shard).endOffset());
                for (ReshardStep step : current.pendingReshard()) {
                    changes.apply(step);
                }
                return changes.applyTo(current).withPendingReshard(List.of());
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot apply the reshard of " + metadata.name(), e);
        }
        return stream;
    }

    /** Streams of one account and region that are not gone, in no particular order: for counting. */
    List<Stream> streams(String accountId, String region) {
        List<Stream> streams = new ArrayList<>();
        for (Stream stream : byId.values()) {
            StreamMetadata metadata = stream.metadata();
            if (metadata.accountId().equals(accountId) && metadata.region().equals(region) && status(stream) != null) {
                streams.add(stream);
            }
        }
        return streams;
    }

    /** Streams of one account and region that are not gone, by name: for ListStreams. */
    List<Stream> list(String accountId, String region) {
        List<Stream> streams = streams(accountId, region);
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
        long creating = streams(metadata.accountId(), metadata.region()).stream()
                .filter(other -> status(other) == StreamStatus.CREATING).count();
        if (creating >= MAX_CREATING) {
            throw new LimitExceededException("Account " + metadata.accountId() + " already has " + creating
                    + " streams in CREATING state in " + metadata.region() + ", the most AWS allows at a time. "
                    + "Wait until one is ACTIVE and try again.");
        }
        store.save(metadata);
        Stream stream = new Stream(metadata, logs);
        byId.put(metadata.streamId(), stream);
        byName.put(key, stream);
        return stream;
    }

    /** The open shards of every stream of one account in one region. */
    long openShards(String accountId, String region) {
        long open = 0;
        for (Stream stream : streams(accountId, region)) {
            open += stream.metadata().openShardCount();
        }
        return open;
    }

    /** Fails as AWS does if {@code requested} more open shards would take the account past {@code shardLimit}. */
    void requireShardCapacity(String accountId, String region, long requested, int shardLimit) {
        long current = openShards(accountId, region);
        if (current + requested > shardLimit) {
            throw new LimitExceededException("This request would exceed the shard limit for the account "
                    + accountId + " in " + region + ". Current shard count for the account: " + current
                    + ". Limit: " + shardLimit + ". Number of additional shards that would have resulted from this "
                    + "request: " + requested + ". Refer to the AWS Service Limits page "
                    + "(https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits "
                    + "and how to request higher limits.");
        }
    }

    /** A change to one stream's metadata, computed from its current value. */
    interface Change {
        /**
         * The next metadata, or {@code current} itself for no change. May throw the
         * {@link dev.freshet.api.errors.KinesisException} that refuses the request.
         */
        StreamMetadata apply(StreamMetadata current) throws IOException;
    }

    /**
     * The one way a stream's metadata changes: {@code change} computes the next value from the
     * current one, which is stored and then published. Changes of all streams are serialized, and
     * no record is appended to the stream meanwhile, so a shard closed by a change has a final end
     * offset and no append can land in it after.
     *
     * @return the metadata now in effect
     */
    synchronized StreamMetadata change(Stream stream, Change change) throws IOException {
        stream.appends().writeLock().lock();
        try {
            StreamMetadata current = stream.metadata();
            StreamMetadata next = change.apply(current);
            if (next != current) {
                store.save(next);
                stream.metadata(next);
            }
            return next;
        } finally {
            stream.appends().writeLock().unlock();
        }
    }

    /** A consumer's status now, or {@code null} once it is gone. */
    ConsumerStatus status(ConsumerMetadata consumer) {
        return lifecycle.status(consumer, clock.millis());
    }

    /** {@code stream} UPDATING from now for the configured update delay. */
    StreamMetadata updating(StreamMetadata stream) {
        return lifecycle.updating(stream, clock.millis());
    }

    /**
     * Drops from {@code stream} the closed shards whose every record is past retention, with their
     * logs: they have vanished from ListShards and DescribeStream already (see {@link ShardViews}).
     */
    void dropExpiredShards(Stream stream) throws IOException {
        StreamMetadata metadata = stream.metadata();
        long cutoff = metadata.retentionCutoff(clock.millis());
        if (metadata.shards().stream().noneMatch(shard -> shard.closedBefore(cutoff))) {
            return;
        }
        List<ShardMetadata> expired = new ArrayList<>();
        change(stream, current -> {
            long horizon = current.retentionCutoff(clock.millis());
            List<ShardMetadata> kept = new ArrayList<>();
            for (ShardMetadata shard : current.shards()) {
                (shard.closedBefore(horizon) ? expired : kept).add(shard);
            }
            return expired.isEmpty() ? current : current.withShards(kept, current.nextShardIndex());
        });
        for (ShardMetadata shard : expired) {
            stream.deleteLog(shard);
        }
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
