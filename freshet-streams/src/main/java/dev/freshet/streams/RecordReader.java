package dev.freshet.streams;

import dev.freshet.api.ChildShard;
import dev.freshet.api.GetRecordsRequest;
import dev.freshet.api.GetRecordsResponse;
import dev.freshet.api.GetShardIteratorRequest;
import dev.freshet.api.GetShardIteratorResponse;
import dev.freshet.api.HashKeyRange;
import dev.freshet.api.RequestContext;
import dev.freshet.api.ShardIteratorType;
import dev.freshet.api.StreamRecord;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.storage.ReadBatch;
import dev.freshet.storage.ShardLog;
import dev.freshet.storage.StoredRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * GetShardIterator and GetRecords: turn a starting position into an iterator, and an iterator into
 * records and the next iterator. Records past the retention period are never returned, whether or
 * not their segment has been deleted yet.
 *
 * <p>Thread-safe.
 */
final class RecordReader {

    static final int MAX_RECORDS = 10_000;
    static final long MAX_BYTES = 10L << 20;

    private final StreamRegistry registry;
    private final Clock clock;
    private final ShardIterators iterators;

    RecordReader(StreamRegistry registry, Clock clock, ShardIterators iterators) {
        this.registry = registry;
        this.clock = clock;
        this.iterators = iterators;
    }

    GetShardIteratorResponse getShardIterator(RequestContext context, GetShardIteratorRequest request)
            throws IOException {
        StreamKey key = StreamRegistry.keyOf(context, request);
        Stream stream = registry.requireActive(key);
        long index = ShardMetadata.parseIndex(request.shardId());
        ShardMetadata shard = stream.router().shard(index);
        if (shard == null) {
            throw Messages.shardNotFound(request.shardId(), stream.metadata());
        }
        long now = clock.millis();
        long offset = startOffset(stream, shard, key, request.shardIteratorType(), request.startingSequenceNumber(),
                request.timestamp(), now);
        return new GetShardIteratorResponse(iterators.issue(stream, shard, offset, now));
    }

    /**
     * The log offset a starting position names (GetShardIterator's iterator types, SubscribeToShard's
     * starting positions), checked as AWS checks GetShardIterator's.
     */
    static long startOffset(Stream stream, ShardMetadata shard, StreamKey key, ShardIteratorType type,
            String sequenceNumber, Instant timestamp, long now) throws IOException {
        boolean bySequence = type == ShardIteratorType.AT_SEQUENCE_NUMBER
                || type == ShardIteratorType.AFTER_SEQUENCE_NUMBER;
        if (bySequence != (sequenceNumber != null)) {
            throw new InvalidArgumentException("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER "
                    + "and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
                    + "Request specified " + type + (sequenceNumber == null ? " and no" : " and also a")
                    + " StartingSequenceNumber.");
        }
        if (type == ShardIteratorType.AT_TIMESTAMP && timestamp == null) {
            throw new InvalidArgumentException("Must specify timestampInMillis parameter for iterator of type "
                    + "AT_TIMESTAMP. Current request has no timestamp parameter.");
        }
        if (type != ShardIteratorType.AT_TIMESTAMP && timestamp != null) {
            throw new InvalidArgumentException("Must specify timestampInMillis parameter only for iterator of type "
                    + "AT_TIMESTAMP. Current request has timestamp parameter.");
        }
        ShardLog log = stream.log(shard);
        return switch (type) {
            case TRIM_HORIZON -> retentionStart(stream, log, now);
            case LATEST -> log.endOffset();
            case AT_TIMESTAMP -> Math.max(log.offsetAtOrAfter(timestamp.toEpochMilli()),
                    retentionStart(stream, log, now));
            case AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER -> {
                SequenceNumbers.Decoded at = decode(sequenceNumber, stream, shard, key, log.endOffset());
                yield type == ShardIteratorType.AT_SEQUENCE_NUMBER ? at.atOffset() : at.afterOffset();
            }
        };
    }

    /** Records of {@code shard} read into their API shape. */
    static List<StreamRecord> toApi(Stream stream, ShardMetadata shard, ReadBatch batch) {
        List<StreamRecord> records = new ArrayList<>(batch.records().size());
        ConsecutiveSequenceNumbers numbers = stream.sequenceNumbers(shard);
        for (StoredRecord record : batch.records()) {
            records.add(new StreamRecord(numbers.ofRecord(record.offset()),
                    Instant.ofEpochMilli(record.arrivalMillis()), record.data(), record.partitionKey(), null));
        }
        return records;
    }

    GetRecordsResponse getRecords(RequestContext context, GetRecordsRequest request) throws IOException {
        long now = clock.millis();
        ShardIterators.Position position = iterators.open(request.shardIterator(), now);
        Stream stream = registry.findById(position.streamId());
        if (stream == null || !stream.metadata().accountId().equals(context.accountId())
                || !stream.metadata().region().equals(context.region())) {
            throw Messages.shardNotFound(ShardMetadata.shardId(position.shardIndex()), position.streamName(),
                    context.accountId());
        }
        ShardMetadata shard = stream.router().shard(position.shardIndex());
        if (shard == null) {
            throw Messages.shardNotFound(ShardMetadata.shardId(position.shardIndex()), stream.metadata());
        }
        ShardLog log = stream.log(shard);
        int limit = request.limit() == null ? MAX_RECORDS : request.limit();
        ReadBatch batch = read(stream, log, position.offset(), limit, MAX_BYTES, now);
        List<StreamRecord> records = toApi(stream, shard, batch);
        long next = batch.nextOffset();
        long behind = millisBehind(batch, log, now);
        if (shard.exhaustedAt(next)) {
            return new GetRecordsResponse(records, null, behind, children(stream.metadata(), shard));
        }
        return new GetRecordsResponse(records, iterators.issue(stream, shard, next, now), behind, null);
    }

    /** The first offset still within the stream's retention period. */
    static long retentionStart(Stream stream, ShardLog log, long now) throws IOException {
        return log.offsetAtOrAfter(stream.metadata().retentionCutoff(now));
    }

    /** Reads from {@code offset}, or from the retention start if that is later: no expired record is returned. */
    static ReadBatch read(Stream stream, ShardLog log, long offset, int maxRecords, long maxBytes, long now)
            throws IOException {
        return log.read(Math.max(offset, retentionStart(stream, log, now)), maxRecords, maxBytes);
    }

    /**
     * MillisBehindLatest after {@code batch}: how long ago its last record arrived, or 0 when it has
     * none or reached the end of the log.
     */
    static long millisBehind(ReadBatch batch, ShardLog log, long now) {
        List<StoredRecord> records = batch.records();
        if (records.isEmpty() || batch.nextOffset() >= log.endOffset()) {
            return 0;
        }
        return Math.max(0, now - records.get(records.size() - 1).arrivalMillis());
    }

    /** A sequence number of this shard: its start or a record it has given out. */
    private static SequenceNumbers.Decoded decode(String sequenceNumber, Stream stream, ShardMetadata shard,
            StreamKey key, long endOffset) {
        SequenceNumbers.Decoded decoded = SequenceNumbers.parse(sequenceNumber);
        String where = " used in GetShardIterator on shard " + shard.shardId() + " in stream " + key.name()
                + " under account " + key.accountId() + " is invalid";
        if (decoded == null || (decoded.streamTag() == stream.tag() && decoded.shardIndex() == shard.index()
                && Long.compareUnsigned(decoded.position(), endOffset) > 0)) {
            throw new InvalidArgumentException("StartingSequenceNumber " + sequenceNumber + where + ".");
        }
        if (decoded.shardIndex() != shard.index()) {
            throw new InvalidArgumentException("Invalid StartingSequenceNumber. It encodes "
                    + ShardMetadata.shardId(decoded.shardIndex()) + ", while it was used in a call to a shard with "
                    + shard.shardId());
        }
        if (decoded.streamTag() != stream.tag()) {
            throw new InvalidArgumentException("StartingSequenceNumber " + sequenceNumber + where
                    + " because it did not come from this stream.");
        }
        return decoded;
    }

    /** The shards split or merged from {@code parent}, as GetRecords and SubscribeToShard name them. */
    static List<ChildShard> children(StreamMetadata stream, ShardMetadata parent) {
        List<ChildShard> children = new ArrayList<>();
        for (ShardMetadata shard : stream.shards()) {
            Integer first = shard.parentIndex();
            Integer second = shard.adjacentParentIndex();
            if ((first != null && first == parent.index()) || (second != null && second == parent.index())) {
                List<String> parents = new ArrayList<>();
                parents.add(ShardMetadata.shardId(first));
                if (second != null) {
                    parents.add(ShardMetadata.shardId(second));
                }
                children.add(new ChildShard(shard.shardId(), parents, new HashKeyRange(
                        shard.startingHashKey().toString(), shard.endingHashKey().toString())));
            }
        }
        return children;
    }
}
