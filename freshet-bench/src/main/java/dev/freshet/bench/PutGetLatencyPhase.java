package dev.freshet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * {@code put-get-latency}: PutRecord at a fixed rate ({@code --rate}, spread over enough writers on a
 * fixed schedule that each has at least 10 ms per record) while one tight-polling consumer thread calls
 * GetRecords back to back on each shard in turn. One consumer, not one per shard, because on a small
 * machine every extra busy thread takes a core from the server and would measure the machine, not the
 * server. The latency of a record is from just before its PutRecord was sent (a {@link System#nanoTime()}
 * in its payload; same process, same clock) to the return of the GetRecords call that brought it. Every
 * acknowledged record must arrive exactly once.
 *
 * <p>A writer that falls behind its schedule sends at once rather than skipping, and its records carry
 * the time they were really sent; the achieved rate is in the note.
 *
 * <p>Stateless and thread-safe.
 */
final class PutGetLatencyPhase implements Phase {

    private static final int CONSUMERS = 1;
    /** Each paced writer sends at most this many records per second. */
    static final int RATE_PER_WRITER = 100;
    /** After the writers stop, consumers keep reading this long for records still on their way. */
    static final long GRACE_NANOS = 5_000_000_000L;

    @Override
    public String name() {
        return "put-get-latency";
    }

    @Override
    public PhaseResult run(PhaseContext context) throws InterruptedException {
        BenchOptions options = context.options();
        try (BenchStream stream = context.createStream(name(), options.shards())) {
            DeliveryLedger ledger = new DeliveryLedger(options.recordBytes());
            Payload payload = new Payload(options.recordBytes());
            long total = Math.min(options.maxRecords(),
                    Math.max(1, (long) (options.rate() * (options.duration().toNanos() / 1e9))));
            RecordBudget budget = new RecordBudget(total, options.duration());
            Recorder endToEnd = new Recorder(LatencySummary.HIGHEST_MICROS, 3);
            AtomicBoolean writersDone = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicReference<String> firstError = new AtomicReference<>();
            long hardStop = budget.deadlineNanos() + GRACE_NANOS;

            List<String> shards = stream.shardIds();
            // Iterators before the first put, so that no record can be missed.
            List<String> iterators = new ArrayList<>();
            for (String shard : shards) {
                iterators.add(context.kinesis().shardIterator(stream.name(), shard, "TRIM_HORIZON"));
            }
            ResourceWindow window = context.openWindow();
            List<Thread> consumers = new ArrayList<>();
            int consumerCount = Math.min(CONSUMERS, shards.size());
            for (int c = 0; c < consumerCount; c++) {
                List<Integer> mine = new ArrayList<>();
                for (int s = c; s < shards.size(); s += consumerCount) {
                    mine.add(s);
                }
                Thread consumer = new Thread(() -> consume(context.kinesis(), iterators, mine, ledger, endToEnd,
                        writersDone, hardStop, firstError), "bench-consumer-" + c);
                consumer.setDaemon(true);
                consumers.add(consumer);
                consumer.start();
            }
            long start = System.nanoTime();
            List<Thread> writers = new ArrayList<>();
            int writerCount = Math.max(options.threads(), (options.rate() + RATE_PER_WRITER - 1) / RATE_PER_WRITER);
            long periodNanos = (long) (1e9 * writerCount / options.rate());
            for (int w = 0; w < writerCount; w++) {
                int producer = w;
                long offset = (long) (1e9 * w / options.rate());
                Thread writer = new Thread(() -> produce(context.kinesis(), stream.name(), payload, producer,
                        start + offset, periodNanos, budget, ledger, sent, failed, firstError), "bench-paced-writer-" + w);
                writer.setDaemon(true);
                writers.add(writer);
                writer.start();
            }
            long joinDeadline = hardStop + options.requestTimeout().toNanos() + 5_000_000_000L;
            join(writers, joinDeadline);
            double writeSeconds = (System.nanoTime() - start) / 1e9;
            writersDone.set(true);
            join(consumers, joinDeadline);
            long acknowledged = ledger.acknowledgedCount();
            ResourceWindow.Costs costs = window.close(acknowledged, acknowledged * options.recordBytes());
            String note = String.format("sent %.0f records/s (target %d) from %d paced writers; %d tight-polling "
                    + "consumer", sent.get() / writeSeconds, options.rate(), writerCount, consumerCount)
                    + (firstError.get() == null ? "" : "; first error: " + firstError.get());
            return PhaseResult.measured(options, name(), shards.size(), writerCount, acknowledged, failed.get(),
                    failed.get(), costs, LatencySummary.of("put to get", endToEnd.getIntervalHistogram()),
                    ledger.verify(), note);
        }
    }

    /** One paced writer: PutRecord on a fixed schedule; shared with {@link PutPushLatencyPhase}. */
    static void produce(Kinesis kinesis, String stream, Payload payload, int producer, long firstNanos,
            long periodNanos, RecordBudget budget, DeliveryLedger ledger, AtomicLong sent, AtomicLong failed,
            AtomicReference<String> firstError) {
        long next = firstNanos;
        for (long sequence = 0; budget.claim(1) == 1; sequence++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            next += periodNanos;
            OutgoingRecord record = payload.record(Payload.id(producer, sequence));
            try {
                kinesis.putRecord(stream, record);
                ledger.acknowledge(Payload.idOf(record.data()));
                sent.incrementAndGet();
            } catch (KinesisCallException e) {
                failed.incrementAndGet();
                firstError.compareAndSet(null, e.getMessage());
            }
        }
    }

    private static void consume(Kinesis kinesis, List<String> iterators, List<Integer> shards, DeliveryLedger ledger,
            Recorder endToEnd, AtomicBoolean writersDone, long hardStop,
            AtomicReference<String> firstError) {
        String[] mine = new String[shards.size()];
        for (int i = 0; i < mine.length; i++) {
            mine[i] = iterators.get(shards.get(i));
        }
        // Bounded by time (hardStop) and, once the writers are done, by having everything acknowledged.
        while (System.nanoTime() - hardStop < 0) {
            if (writersDone.get() && ledger.seenAcknowledgedCount() >= ledger.acknowledgedCount()) {
                return;
            }
            for (int i = 0; i < mine.length; i++) {
                if (mine[i] == null) {
                    continue;
                }
                RecordsPage page;
                try {
                    page = kinesis.getRecords(mine[i], 10_000);
                } catch (KinesisCallException e) {
                    firstError.compareAndSet(null, e.getMessage());
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                long now = System.nanoTime();
                for (byte[] data : page.data()) {
                    if (data.length >= Payload.HEADER_BYTES) {
                        LatencySummary.record(endToEnd, now - Payload.sentNanosOf(data));
                    }
                }
                ledger.observe(page.data());
                mine[i] = page.nextShardIterator();
            }
        }
    }

    static void join(List<Thread> threads, long deadlineNanos) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not stop in time");
            }
        }
    }
}
