package dev.freshet.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A stream a phase creates for itself and deletes when done: CreateStream, then DescribeStream every
 * 50 ms until it is {@code ACTIVE} (bounded by a timeout), then ListShards.
 *
 * <p>Thread-safe after creation: the name and shard ids are immutable; {@link #close()} is meant to be
 * called once, by the phase's thread.
 */
final class BenchStream implements AutoCloseable {

    private static final long POLL_NANOS = 50_000_000L;

    private final Kinesis kinesis;
    private final String name;
    private final List<String> shardIds;
    private final Duration creation;
    private final PrintStream log;

    private BenchStream(Kinesis kinesis, String name, List<String> shardIds, Duration creation, PrintStream log) {
        this.kinesis = kinesis;
        this.name = name;
        this.shardIds = List.copyOf(shardIds);
        this.creation = creation;
        this.log = log;
    }

    /**
     * Creates a stream named {@code prefix-phase-<random>} and waits until it is ACTIVE.
     *
     * @throws KinesisCallException if the server refuses to create it
     * @throws IllegalStateException if it is not ACTIVE within {@code wait} (it is deleted then)
     */
    static BenchStream create(Kinesis kinesis, String prefix, String phase, int shards, Duration wait,
            PrintStream log) {
        String name = prefix + "-" + phase + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 36);
        long start = System.nanoTime();
        kinesis.createStream(name, shards);
        long deadline = start + wait.toNanos();
        String status = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                status = kinesis.streamStatus(name);
            } catch (KinesisCallException e) {
                if (!e.errorType().equals("ResourceNotFoundException")) {
                    throw e;
                }
            }
            if ("ACTIVE".equals(status)) {
                Duration creation = Duration.ofNanos(System.nanoTime() - start);
                return new BenchStream(kinesis, name, kinesis.shardIds(name), creation, log);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        deleteQuietly(kinesis, name, log);
        throw new IllegalStateException("stream " + name + " was still " + status + " after " + wait);
    }

    String name() {
        return name;
    }

    List<String> shardIds() {
        return shardIds;
    }

    /** From CreateStream to the first DescribeStream that said ACTIVE. */
    Duration creation() {
        return creation;
    }

    /** Deletes the stream; a failure is logged, not thrown, so that it cannot hide the phase's result. */
    @Override
    public void close() {
        deleteQuietly(kinesis, name, log);
    }

    private static void deleteQuietly(Kinesis kinesis, String name, PrintStream log) {
        try {
            kinesis.deleteStream(name);
        } catch (RuntimeException e) {
            log.println("  (could not delete stream " + name + ": " + e.getMessage() + ")");
        }
    }
}
