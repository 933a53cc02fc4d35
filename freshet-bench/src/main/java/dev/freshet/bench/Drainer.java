package dev.freshet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Reads every shard of a stream from {@code TRIM_HORIZON} to its tip with GetRecords, handing every
 * record to a {@link DeliveryLedger}. A shard is done when a page is empty and the server says it is at
 * the tip ({@code MillisBehindLatest} 0 or absent), after three empty pages in a row whatever it says, or
 * when it is closed (no next iterator). Bounded by a deadline and by a number of calls per shard.
 *
 * <p>Thread-safe to construct and {@link #drain} from one thread; up to {@code threads} reader threads
 * share the shard list (each takes whole shards), atomics, the recorder and the ledger.
 */
final class Drainer {

    private static final int PAGE_LIMIT = 10_000;
    private static final int EMPTY_PAGES_AT_TIP = 3;

    private final Kinesis kinesis;
    private final BenchStream stream;
    private final int threads;
    private final DeliveryLedger ledger;

    Drainer(Kinesis kinesis, BenchStream stream, int threads, DeliveryLedger ledger) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.threads = Math.max(1, Math.min(threads, stream.shardIds().size()));
        this.ledger = ledger;
    }

    /**
     * @param records records read (duplicates included)
     * @param bytes bytes of record data read
     * @param calls GetRecords calls made
     * @param unfinishedShards shards not read to their tip before the deadline or the call bound
     * @param firstError the first failure, or null
     * @param latency each GetRecords call's latency, in microseconds
     */
    record Outcome(long records, long bytes, long calls, long unfinishedShards, String firstError,
            Histogram latency) {}

    /**
     * @param deadlineNanos a {@link System#nanoTime()} after which no call is started
     * @param maxCallsPerShard the most GetRecords calls on one shard
     */
    Outcome drain(long deadlineNanos, long maxCallsPerShard) throws InterruptedException {
        List<String> shards = stream.shardIds();
        AtomicLong nextShard = new AtomicLong();
        AtomicLong records = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        AtomicLong unfinished = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Recorder latency = new Recorder(LatencySummary.HIGHEST_MICROS, 3);
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread reader = new Thread(() -> {
                for (long i = nextShard.getAndIncrement(); i < shards.size(); i = nextShard.getAndIncrement()) {
                    boolean done = drainShard(shards.get((int) i), deadlineNanos, maxCallsPerShard, records, bytes,
                            calls, firstError, latency);
                    if (!done) {
                        unfinished.incrementAndGet();
                    }
                }
            }, "bench-reader-" + t);
            reader.setDaemon(true);
            readers.add(reader);
            reader.start();
        }
        for (Thread reader : readers) {
            // Readers start no call after the deadline; one call in flight is bounded by the request timeout.
            long left = deadlineNanos - System.nanoTime() + 120_000_000_000L;
            reader.join(Math.max(1, left / 1_000_000));
            if (reader.isAlive()) {
                throw new IllegalStateException(reader.getName() + " did not stop in time");
            }
        }
        return new Outcome(records.get(), bytes.get(), calls.get(), unfinished.get(), firstError.get(),
                latency.getIntervalHistogram());
    }

    private boolean drainShard(String shardId, long deadlineNanos, long maxCalls, AtomicLong records,
            AtomicLong bytes, AtomicLong calls, AtomicReference<String> firstError, Recorder latency) {
        String iterator;
        try {
            iterator = kinesis.shardIterator(stream.name(), shardId, "TRIM_HORIZON");
        } catch (KinesisCallException e) {
            firstError.compareAndSet(null, e.getMessage());
            return false;
        }
        int emptyInARow = 0;
        for (long call = 0; call < maxCalls && iterator != null; call++) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            RecordsPage page;
            long sent = System.nanoTime();
            try {
                page = kinesis.getRecords(iterator, PAGE_LIMIT);
            } catch (KinesisCallException e) {
                firstError.compareAndSet(null, e.getMessage());
                return false;
            }
            LatencySummary.record(latency, System.nanoTime() - sent);
            calls.incrementAndGet();
            ledger.observe(page.data());
            long pageBytes = 0;
            for (byte[] data : page.data()) {
                pageBytes += data.length;
            }
            records.addAndGet(page.data().size());
            bytes.addAndGet(pageBytes);
            emptyInARow = page.data().isEmpty() ? emptyInARow + 1 : 0;
            if (page.atTip() || emptyInARow >= EMPTY_PAGES_AT_TIP) {
                return true;
            }
            iterator = page.nextShardIterator();
        }
        return iterator == null;
    }
}
