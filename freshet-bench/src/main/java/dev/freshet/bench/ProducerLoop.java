package dev.freshet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Writers as fast as the server answers: {@code threads} threads, each sending PutRecords batches (or
 * single PutRecord calls) back to back until the budget's count or deadline is spent, and timing each
 * call. Used by the put phases, the many-shards phase and the drain phase's fill.
 *
 * <p>Thread-safe to construct and {@link #run} from one thread; the writer threads share only atomics,
 * the latency recorder (wait-free, thread-safe) and the optional ledger (synchronized).
 */
final class ProducerLoop {

    /** A writer stops after this many calls in a row failed: the server is gone or refuses everything. */
    private static final int MAX_FAILURES_IN_A_ROW = 50;
    private static final long FAILURE_PAUSE_NANOS = 10_000_000L;

    private final Kinesis kinesis;
    private final String stream;
    private final Payload payload;
    private final int threads;
    private final int batch;
    private final boolean single;
    private final DeliveryLedger ledger;
    private final Duration requestTimeout;

    /**
     * @param single send PutRecord calls of one record instead of PutRecords batches
     * @param ledger where acknowledged records are entered, or null if nothing will be read back
     */
    ProducerLoop(Kinesis kinesis, String stream, Payload payload, int threads, int batch, boolean single,
            DeliveryLedger ledger, Duration requestTimeout) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.payload = payload;
        this.threads = threads;
        this.batch = single ? 1 : batch;
        this.single = single;
        this.ledger = ledger;
        this.requestTimeout = requestTimeout;
    }

    /**
     * What the writers did.
     *
     * @param acknowledged records the server acknowledged
     * @param rejected records rejected in a PutRecords answer, or carried by a failed call
     * @param failedCalls calls that failed as a whole
     * @param firstError the first failure, or null
     * @param latency each call's latency, in microseconds
     * @param elapsedNanos from the first call to the last writer's end
     */
    record Outcome(long acknowledged, long rejected, long failedCalls, String firstError, Histogram latency,
            long elapsedNanos) {}

    Outcome run(RecordBudget budget) throws InterruptedException {
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong failedCalls = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Recorder latency = new Recorder(LatencySummary.HIGHEST_MICROS, 3);
        List<Thread> writers = new ArrayList<>(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int producer = t;
            Thread writer = new Thread(() -> write(producer, budget, acknowledged, rejected, failedCalls, firstError,
                    latency), "bench-writer-" + t);
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
        // Each writer stops at the deadline, plus at most one request in flight.
        long joinDeadline = budget.deadlineNanos() + requestTimeout.toNanos() + 5_000_000_000L;
        for (Thread writer : writers) {
            long left = joinDeadline - System.nanoTime();
            writer.join(Math.max(1, left / 1_000_000));
            if (writer.isAlive()) {
                throw new IllegalStateException(writer.getName() + " did not stop in time");
            }
        }
        return new Outcome(acknowledged.get(), rejected.get(), failedCalls.get(), firstError.get(),
                latency.getIntervalHistogram(), System.nanoTime() - start);
    }

    private void write(int producer, RecordBudget budget, AtomicLong acknowledged, AtomicLong rejected,
            AtomicLong failedCalls, AtomicReference<String> firstError, Recorder latency) {
        long sequence = 0;
        int failuresInARow = 0;
        List<OutgoingRecord> records = new ArrayList<>(batch);
        while (failuresInARow < MAX_FAILURES_IN_A_ROW) {
            int n = budget.claim(batch);
            if (n == 0) {
                return;
            }
            records.clear();
            for (int i = 0; i < n; i++) {
                records.add(payload.record(Payload.id(producer, sequence++)));
            }
            long sent = System.nanoTime();
            try {
                if (single) {
                    kinesis.putRecord(stream, records.get(0));
                    LatencySummary.record(latency, System.nanoTime() - sent);
                    acknowledged.incrementAndGet();
                    if (ledger != null) {
                        ledger.acknowledge(Payload.idOf(records.get(0).data()));
                    }
                } else {
                    PutOutcome outcome = kinesis.putRecords(stream, records);
                    LatencySummary.record(latency, System.nanoTime() - sent);
                    int ok = outcome.acknowledgedCount();
                    acknowledged.addAndGet(ok);
                    rejected.addAndGet(n - ok);
                    if (ledger != null) {
                        ledger.acknowledge(records, outcome);
                    }
                }
                failuresInARow = 0;
            } catch (KinesisCallException e) {
                failuresInARow++;
                failedCalls.incrementAndGet();
                rejected.addAndGet(n);
                firstError.compareAndSet(null, e.getMessage());
                LockSupport.parkNanos(FAILURE_PAUSE_NANOS);
            }
        }
    }
}
