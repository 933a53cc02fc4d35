package dev.freshet.bench.micro;

import dev.freshet.storage.ReadBatch;
import dev.freshet.storage.ShardLog;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads and index lookups on one big shard log on disk ({@code records} × 100 bytes, written in batches
 * of 1,000 with arrival times one millisecond apart, in segments of the default size):
 * <ul>
 *   <li>{@code readAtRandomOffset}: GetRecords' storage side, 100 records from a random offset (index
 *       lookup, then a scan of at most one index interval);
 *   <li>{@code offsetAtOrAfterRandomTime}: the storage side of an {@code AT_TIMESTAMP} iterator;
 *   <li>{@code scanSequentially}: a drain, 1,000 records per read, time per record.
 * </ul>
 * The OS caches the log after setup, so these are CPU figures, not disk ones.
 *
 * <p>Reads may run on several threads ({@code -t N}): the log is thread-safe and the benchmark's state
 * is read-only after setup, except each thread's own scan position.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogReadBenchmark {

    private static final int WRITE_BATCH = 1000;

    @Param({"1000000"})
    public int records;

    private StorageFixtures.FilledLog filled;
    private ShardLog log;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        filled = StorageFixtures.FilledLog.fill("freshet-jmh-read-", records,
                StorageFixtures.randomBatch(11, WRITE_BATCH, 100, i -> "partition-key-" + i));
        log = filled.log;
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        filled.delete();
    }

    /** Each thread's position in {@code scanSequentially}. */
    @State(Scope.Thread)
    public static class Cursor {
        long next;
    }

    @Benchmark
    public ReadBatch readAtRandomOffset() throws IOException {
        long offset = ThreadLocalRandom.current().nextLong(log.startOffset(), log.endOffset());
        return log.read(offset, 100, 1 << 20);
    }

    @Benchmark
    public long offsetAtOrAfterRandomTime() throws IOException {
        return log.offsetAtOrAfter(ThreadLocalRandom.current().nextLong(StorageFixtures.FIRST_MILLIS,
                filled.lastMillis + 1));
    }

    @Benchmark
    @OperationsPerInvocation(1000)
    public ReadBatch scanSequentially(Cursor cursor) throws IOException {
        ReadBatch batch = log.read(cursor.next, 1000, 10 << 20);
        cursor.next = batch.nextOffset() >= log.endOffset() ? log.startOffset() : batch.nextOffset();
        return batch;
    }
}
