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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The storage side of {@code GetShardIterator} AT_TIMESTAMP and of the first {@code GetRecords} after an
 * AT_SEQUENCE_NUMBER iterator, on one shard holding {@code records} small records (default 100 million:
 * 16 bytes of data, 6-byte keys, batches of 250 arriving one millisecond apart, about 2.8 GB in 64 MiB
 * segments), written once per trial into a temporary directory (about 20 s to 60 s):
 * <ul>
 *   <li>{@code offsetAtOrAfterRandomTime}: {@code offsetAtOrAfter} of a random time in the log's span;
 *   <li>{@code offsetAtOrAfterRetentionCutoff}: {@code offsetAtOrAfter} of a time before the log, which
 *       every GetRecords and TRIM_HORIZON does for the retention period;
 *   <li>{@code readAtRandomOffset}: {@code read} of 100 records from a random offset (the GetRecords
 *       answering an AT_SEQUENCE_NUMBER iterator, whose GetShardIterator itself needs no lookup).
 * </ul>
 * Lookups are spread over the whole log, so that a cost growing with the log's size (segment search,
 * index loading, scanning after the index hit) shows; the OS caches the files, so these are CPU figures.
 * Use {@code -p records=10000000} for a quicker run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BigShardLookupBenchmark {

    private static final int WRITE_BATCH = 250;

    @Param({"100000000"})
    public long records;

    private StorageFixtures.FilledLog filled;
    private ShardLog log;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        long started = System.nanoTime();
        filled = StorageFixtures.FilledLog.fill("freshet-jmh-bigshard-", records,
                StorageFixtures.randomBatch(13, WRITE_BATCH, 16, i -> String.format("pk-%03d", i)));
        log = filled.log;
        System.out.printf("%n%,d records in %,d bytes written in %.1f s%n", log.endOffset(), log.sizeInBytes(),
                (System.nanoTime() - started) / 1e9);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        filled.delete();
    }

    @Benchmark
    public long offsetAtOrAfterRandomTime() throws IOException {
        return log.offsetAtOrAfter(ThreadLocalRandom.current().nextLong(StorageFixtures.FIRST_MILLIS,
                filled.lastMillis + 1));
    }

    @Benchmark
    public long offsetAtOrAfterRetentionCutoff() throws IOException {
        return log.offsetAtOrAfter(StorageFixtures.FIRST_MILLIS - ThreadLocalRandom.current().nextLong(1, 1_000_000));
    }

    @Benchmark
    public ReadBatch readAtRandomOffset() throws IOException {
        long offset = ThreadLocalRandom.current().nextLong(log.startOffset(), log.endOffset());
        return log.read(offset, 100, 1 << 20);
    }
}
