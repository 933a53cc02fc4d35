package dev.freshet.bench;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Unmeasured, before the many-shards phase measures: one record to every shard of its stream. A server
 * that stores on disk creates a shard's files on the shard's first write, a one-time cost that is not what
 * a stream of that many open shards costs per record in a steady state, and that would otherwise fall in
 * the measured window, spread over its first seconds.
 *
 * <p>Record {@code s} of {@code n} carries as ExplicitHashKey the middle of the {@code s}-th of {@code n}
 * even ranges of the hash key space: inside shard {@code s} of a stream that CreateStream split evenly,
 * as AWS and the emulators do, whatever rounding they use at the range ends. PutRecords batches of
 * {@code --batch}, from {@code --threads} writers, over the phase's client and wire format. Bounded like
 * every loop: by the count (one record per shard, each sent once, a rejected one is not retried) and by
 * a deadline.
 *
 * <p>Stateless and thread-safe; {@link #run} joins its threads before returning.
 */
final class ShardWarmup {

    private static final BigInteger HASH_KEY_SPACE = BigInteger.ONE.shiftLeft(128);

    private ShardWarmup() {}

    /**
     * What the warm-up did.
     *
     * @param shards the shards of the stream
     * @param written records acknowledged: the shards written once
     * @param firstError the first failed call or rejected record, or null
     * @param elapsedNanos from the first call to the last writer's end
     */
    record Outcome(int shards, long written, String firstError, long elapsedNanos) {

        /** For the phase's note, e.g. {@code every shard written once before measuring (1.20 s)}. */
        String note() {
            String which = written >= shards ? "every shard" : "only " + written + " of " + shards + " shards";
            return String.format("%s written once before measuring (%.2f s)%s", which, elapsedNanos / 1e9,
                    firstError == null ? "" : "; first warm-up error: " + firstError);
        }
    }

    /**
     * Writes a record of {@code payload} to each of the {@code shards} shards of {@code stream}, until done
     * or {@code time} is over. The records' ids are those of producer {@code producer}, which the measured
     * writers must not use.
     */
    static Outcome run(Kinesis kinesis, String stream, int shards, Payload payload, int producer, int threads,
            int batch, Duration time, Duration requestTimeout) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong written = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + time.toNanos();
        List<Thread> writers = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            Thread writer = new Thread(() -> {
                while (System.nanoTime() - deadline < 0) {
                    int first = next.getAndAdd(batch);
                    if (first >= shards) {
                        return;
                    }
                    List<OutgoingRecord> records = new ArrayList<>(batch);
                    for (int shard = first; shard < Math.min(shards, first + batch); shard++) {
                        OutgoingRecord record = payload.record(Payload.id(producer, shard));
                        records.add(new OutgoingRecord(record.partitionKey(), record.data(), hashKey(shard, shards)));
                    }
                    try {
                        PutOutcome outcome = kinesis.putRecords(stream, records);
                        written.addAndGet(outcome.acknowledgedCount());
                        if (outcome.acknowledgedCount() < records.size()) {
                            firstError.compareAndSet(null, "PutRecords rejected "
                                    + (records.size() - outcome.acknowledgedCount()) + " records");
                        }
                    } catch (KinesisCallException e) {
                        firstError.compareAndSet(null, e.getMessage());
                    }
                }
            }, "bench-shard-warmup-" + t);
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
        // Each writer stops at the deadline, plus at most one request in flight.
        long joinDeadline = deadline + requestTimeout.toNanos() + 5_000_000_000L;
        for (Thread writer : writers) {
            writer.join(Math.max(1, (joinDeadline - System.nanoTime()) / 1_000_000));
            if (writer.isAlive()) {
                throw new IllegalStateException(writer.getName() + " did not stop in time");
            }
        }
        return new Outcome(shards, written.get(), firstError.get(), System.nanoTime() - start);
    }

    /** The middle of the {@code shard}-th of {@code shards} even ranges of {@code [0, 2^128)}, in decimal. */
    static String hashKey(int shard, int shards) {
        return HASH_KEY_SPACE.multiply(BigInteger.valueOf(2L * shard + 1))
                .divide(BigInteger.valueOf(2L * shards)).toString();
    }
}
