package dev.freshet.streams;

import dev.freshet.api.PutRecordRequest;
import dev.freshet.api.PutRecordResponse;
import dev.freshet.api.PutRecordsRequest;
import dev.freshet.api.PutRecordsRequestEntry;
import dev.freshet.api.PutRecordsResponse;
import dev.freshet.api.PutRecordsResultEntry;
import dev.freshet.api.RequestContext;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.Violation;
import dev.freshet.storage.Append;
import dev.freshet.storage.NewRecord;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Lock;

/**
 * PutRecord and PutRecords: route each record by hash key to its open shard, append per shard as one
 * batch, and answer once the appends are as durable as the fsync policy demands.
 *
 * <p>Thread-safe.
 */
final class RecordWriter {

    static final long MAX_PUT_RECORDS_BYTES = 5L << 20;
    private static final Logger LOG = System.getLogger(RecordWriter.class.getName());
    /** A record that was not stored (or not made durable), as PutRecords reports it. */
    private static final PutRecordsResultEntry FAILED =
            new PutRecordsResultEntry(null, null, "InternalFailure", "Internal service failure.");

    /** {@link #groupByPosition} counts when there are at most this many open shards per record. */
    private static final int COUNTING_SHARDS_PER_RECORD = 4;

    private final StreamRegistry registry;
    private final Clock clock;
    private final OnDemandScaler scaler;

    RecordWriter(StreamRegistry registry, Clock clock, OnDemandScaler scaler) {
        this.registry = registry;
        this.clock = clock;
        this.scaler = scaler;
    }

    CompletableFuture<PutRecordResponse> putRecord(RequestContext context, PutRecordRequest request)
            throws IOException {
        StreamKey key = StreamRegistry.keyOf(context, request);
        Stream stream = registry.requireActive(key);
        checkSize(stream, request.data().length, "data");
        HashKey hashKey = hashKey(request.explicitHashKey(), request.partitionKey());
        if (request.sequenceNumberForOrdering() != null
                && SequenceNumbers.parse(request.sequenceNumberForOrdering()) == null) {
            throw new InvalidArgumentException("ExclusiveMinimumSequenceNumber "
                    + request.sequenceNumberForOrdering() + " used in PutRecord on stream " + key.name()
                    + " under account " + key.accountId() + " is invalid.");
        }
        Lock routing = stream.appends().readLock();
        routing.lock();
        try {
            ShardMetadata shard = stream.router().route(hashKey);
            Append append = stream.log(shard).append(
                    List.of(new NewRecord(request.partitionKey(), request.data())), clock.millis());
            scaler.written(stream, shard, request.data().length + request.partitionKey().length());
            stream.appended(shard.index());
            PutRecordResponse response = new PutRecordResponse(
                    shard.shardId(), stream.sequenceNumber(shard, append.firstOffset()), null);
            return append.durable().thenApply(durable -> response);
        } finally {
            routing.unlock();
        }
    }

    CompletableFuture<PutRecordsResponse> putRecords(RequestContext context, PutRecordsRequest request) {
        StreamKey key = StreamRegistry.keyOf(context, request);
        Stream stream = registry.requireActive(key);
        int maxRecordBytes = stream.metadata().settings().maxRecordBytes();
        List<PutRecordsRequestEntry> entries = request.records();
        List<Violation> violations = new ArrayList<>();
        long total = 0;
        HashKey[] hashKeys = new HashKey[entries.size()];
        HashKeys.Hasher hasher = HashKeys.hasher();
        for (int i = 0; i < entries.size(); i++) {
            PutRecordsRequestEntry entry = entries.get(i);
            if (entry.data().length > maxRecordBytes) {
                violations.add(tooLarge(entry.data().length, maxRecordBytes, "records." + (i + 1) + ".member.data"));
            }
            byte[] partitionKey = entry.partitionKey().getBytes(StandardCharsets.UTF_8);
            total += entry.data().length + partitionKey.length;
            hashKeys[i] = entry.explicitHashKey() == null ? hasher.keyOf(partitionKey)
                    : explicitHashKey(entry.explicitHashKey());
        }
        if (!violations.isEmpty()) {
            throw Violation.exception(violations);
        }
        // A stream whose records may be larger than 5 MiB takes a request of one such record.
        long requestLimit = Math.max(MAX_PUT_RECORDS_BYTES, maxRecordBytes);
        if (total > requestLimit) {
            throw new InvalidArgumentException("Records size exceeds " + (requestLimit >> 20) + " MB limit");
        }
        Lock routing = stream.appends().readLock();
        routing.lock();
        try {
            return append(stream, key, entries, hashKeys);
        } finally {
            routing.unlock();
        }
    }

    /**
     * Appends under the stream's append lock, so no record lands in a shard a reshard has just closed:
     * one batch (one write) per shard, its records in request order.
     */
    private CompletableFuture<PutRecordsResponse> append(Stream stream, StreamKey key,
            List<PutRecordsRequestEntry> entries, HashKey[] hashKeys) {
        ShardRouter router = stream.router();
        long[] grouped = groupByShard(router, hashKeys);
        PutRecordsResultEntry[] results = new PutRecordsResultEntry[entries.size()];
        // The storage makes many appends durable together: wait for each distinct future once, and look at
        // each shard's own only to mark its records if it failed.
        List<CompletableFuture<Void>> distinct = new ArrayList<>();
        List<Durability> shards = new ArrayList<>();
        int end;
        for (int start = 0; start < grouped.length; start = end) {
            int position = position(grouped[start]);
            end = start + 1;
            while (end < grouped.length && position(grouped[end]) == position) {
                end++;
            }
            ShardMetadata shard = router.open(position);
            List<NewRecord> batch = new ArrayList<>(end - start);
            long bytes = 0;
            for (int i = start; i < end; i++) {
                PutRecordsRequestEntry entry = entries.get(index(grouped[i]));
                batch.add(new NewRecord(entry.partitionKey(), entry.data()));
                bytes += entry.data().length + entry.partitionKey().length();
            }
            try {
                Append append = stream.log(shard).append(batch, clock.millis());
                scaler.written(stream, shard, bytes);
                stream.appended(shard.index());
                ConsecutiveSequenceNumbers numbers = stream.sequenceNumbers(shard);
                String shardId = router.shardId(position);
                for (int i = start; i < end; i++) {
                    results[index(grouped[i])] = new PutRecordsResultEntry(
                            numbers.ofRecord(append.firstOffset() + i - start), shardId, null, null);
                }
                CompletableFuture<Void> durable = append.durable();
                if (distinct.isEmpty() || distinct.get(distinct.size() - 1) != durable) {
                    distinct.add(durable);
                }
                shards.add(new Durability(durable, shardId, start, end));
            } catch (IOException e) {
                LOG.log(Level.ERROR, "appending to " + router.shardId(position) + " of " + key.name() + " failed", e);
                fail(results, grouped, start, end);
            }
        }
        if (distinct.isEmpty()) {
            return CompletableFuture.completedFuture(response(results));
        }
        CompletableFuture<Void> all = distinct.size() == 1 ? distinct.get(0)
                : CompletableFuture.allOf(distinct.toArray(CompletableFuture[]::new));
        return all.handle((done, failed) -> {
            if (failed != null) {
                for (Durability shard : shards) {
                    if (shard.durable().isCompletedExceptionally()) {
                        LOG.log(Level.ERROR, "making " + shard.shardId() + " of " + key.name() + " durable failed",
                                causeOf(shard.durable()));
                        fail(results, grouped, shard.start(), shard.end());
                    }
                }
            }
            return response(results);
        });
    }

    /** Why a future that completed exceptionally failed. */
    private static Throwable causeOf(CompletableFuture<Void> failed) {
        try {
            failed.join();
            throw new IllegalStateException("not failed: " + failed);
        } catch (CompletionException | CancellationException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    /** The durability of one shard's batch, whose records are {@code grouped[start, end)}. */
    private record Durability(CompletableFuture<Void> durable, String shardId, int start, int end) {}

    /**
     * The indexes of the records, grouped by the position of their open shard in {@code router} and in
     * request order within each group, each packed in a {@code long} with the position above it. A request
     * of 500 records may reach 500 shards, so grouping must cost per record only: no map, no list per
     * shard, no boxing.
     */
    private static long[] groupByShard(ShardRouter router, HashKey[] hashKeys) {
        int[] positions = new int[hashKeys.length];
        for (int i = 0; i < hashKeys.length; i++) {
            positions[i] = router.position(hashKeys[i]);
        }
        return groupByPosition(positions, router.openCount());
    }

    /**
     * {@link #groupByShard} of records whose shards are at {@code positions}, each below {@code openCount}:
     * by counting when the positions are few against the records (a handful of shards, the usual stream),
     * which costs a pass over each; else by one sort of the packed longs, which costs nothing per shard.
     */
    static long[] groupByPosition(int[] positions, int openCount) {
        long[] grouped = new long[positions.length];
        if (openCount <= COUNTING_SHARDS_PER_RECORD * positions.length) {
            int[] next = new int[openCount + 1];
            for (int position : positions) {
                next[position + 1]++;
            }
            for (int p = 1; p <= openCount; p++) {
                next[p] += next[p - 1];
            }
            for (int i = 0; i < positions.length; i++) {
                grouped[next[positions[i]]++] = (long) positions[i] << 32 | i;
            }
        } else {
            for (int i = 0; i < positions.length; i++) {
                grouped[i] = (long) positions[i] << 32 | i;
            }
            Arrays.sort(grouped);
        }
        return grouped;
    }

    /** The shard position of an entry of {@link #groupByShard}. */
    private static int position(long grouped) {
        return (int) (grouped >>> 32);
    }

    /** The record index of an entry of {@link #groupByShard}. */
    private static int index(long grouped) {
        return (int) grouped;
    }

    /** Marks the records of {@code grouped[start, end)} as not stored. */
    private static void fail(PutRecordsResultEntry[] results, long[] grouped, int start, int end) {
        for (int i = start; i < end; i++) {
            results[index(grouped[i])] = FAILED;
        }
    }

    private static PutRecordsResponse response(PutRecordsResultEntry[] results) {
        int failures = 0;
        for (PutRecordsResultEntry result : results) {
            if (result.errorCode() != null) {
                failures++;
            }
        }
        return new PutRecordsResponse(failures, List.of(results), null);
    }

    /** A record's data may not pass the stream's maximum record size (1 MiB unless raised). */
    private static void checkSize(Stream stream, int length, String path) {
        int max = stream.metadata().settings().maxRecordBytes();
        if (length > max) {
            throw Violation.exception(List.of(tooLarge(length, max, path)));
        }
    }

    private static Violation tooLarge(int length, int max, String path) {
        return new Violation(Violation.blob(length), path, "Member must have length less than or equal to " + max);
    }

    private static HashKey hashKey(String explicitHashKey, String partitionKey) {
        return explicitHashKey == null ? HashKeys.keyOf(partitionKey) : explicitHashKey(explicitHashKey);
    }

    private static HashKey explicitHashKey(String explicitHashKey) {
        BigInteger key = new BigInteger(explicitHashKey);
        if (key.compareTo(HashKeys.MAX) > 0) {
            throw new InvalidArgumentException("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: "
                    + "[0, 2^128-1]. Specified value was " + explicitHashKey);
        }
        return HashKey.of(key);
    }
}
