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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
        for (int i = 0; i < entries.size(); i++) {
            PutRecordsRequestEntry entry = entries.get(i);
            if (entry.data().length > maxRecordBytes) {
                violations.add(tooLarge(entry.data().length, maxRecordBytes, "records." + (i + 1) + ".member.data"));
            }
            total += entry.data().length + entry.partitionKey().getBytes(StandardCharsets.UTF_8).length;
            hashKeys[i] = hashKey(entry.explicitHashKey(), entry.partitionKey());
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

    /** Appends under the stream's append lock, so no record lands in a shard a reshard has just closed. */
    private CompletableFuture<PutRecordsResponse> append(Stream stream, StreamKey key,
            List<PutRecordsRequestEntry> entries, HashKey[] hashKeys) {
        // Group by shard, keeping request order within each shard: one batch (one write) per shard.
        ShardRouter router = stream.router();
        Map<ShardMetadata, List<Integer>> byShard = new IdentityHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            byShard.computeIfAbsent(router.route(hashKeys[i]), s -> new ArrayList<>()).add(i);
        }
        PutRecordsResultEntry[] results = new PutRecordsResultEntry[entries.size()];
        List<CompletableFuture<Void>> pending = new ArrayList<>(byShard.size());
        for (Map.Entry<ShardMetadata, List<Integer>> group : byShard.entrySet()) {
            ShardMetadata shard = group.getKey();
            List<Integer> indexes = group.getValue();
            List<NewRecord> batch = new ArrayList<>(indexes.size());
            long bytes = 0;
            for (int index : indexes) {
                batch.add(new NewRecord(entries.get(index).partitionKey(), entries.get(index).data()));
                bytes += entries.get(index).data().length + entries.get(index).partitionKey().length();
            }
            try {
                Append append = stream.log(shard).append(batch, clock.millis());
                scaler.written(stream, shard, bytes);
                stream.appended(shard.index());
                ConsecutiveSequenceNumbers numbers = stream.sequenceNumbers(shard);
                String shardId = shard.shardId();
                for (int j = 0; j < indexes.size(); j++) {
                    results[indexes.get(j)] = new PutRecordsResultEntry(
                            numbers.ofRecord(append.firstOffset() + j), shardId, null, null);
                }
                pending.add(append.durable().exceptionally(failure -> {
                    LOG.log(Level.ERROR, "forcing " + shard.shardId() + " of " + key.name() + " failed", failure);
                    for (int index : indexes) {
                        results[index] = FAILED;
                    }
                    return null;
                }));
            } catch (IOException e) {
                LOG.log(Level.ERROR, "appending to " + shard.shardId() + " of " + key.name() + " failed", e);
                for (int index : indexes) {
                    results[index] = FAILED;
                }
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(done -> {
            int failures = 0;
            for (PutRecordsResultEntry result : results) {
                if (result.errorCode() != null) {
                    failures++;
                }
            }
            return new PutRecordsResponse(failures, List.of(results), null);
        });
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
        if (explicitHashKey == null) {
            return HashKeys.keyOf(partitionKey);
        }
        BigInteger key = new BigInteger(explicitHashKey);
        if (key.compareTo(HashKeys.MAX) > 0) {
            throw new InvalidArgumentException("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: "
                    + "[0, 2^128-1]. Specified value was " + explicitHashKey);
        }
        return HashKey.of(key);
    }
}
