package dev.freshet.bench.micro;

import dev.freshet.storage.FsyncPolicy;
import dev.freshet.storage.LogConfig;
import dev.freshet.storage.LogStorage;
import dev.freshet.storage.NewRecord;
import dev.freshet.storage.ShardLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
 * Appending a batch of 500 × 100-byte records to one shard log on disk, until it is as durable as the
 * fsync policy demands ({@code ALWAYS}: forced by the group commit before the future completes;
 * {@code NEVER}: written to the page cache). Time is per record.
 *
 * <p>With more JMH threads ({@code -t 8}) the appends of {@code ALWAYS} share group commits, which is the
 * point of group commit; each thread then appends to its own log (a shard log serialises its appends).
 * Whole segments are deleted after each iteration so that a long run does not fill the disk.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogAppendBenchmark {

    private static final int BATCH = 500;

    /** One storage per trial, shared by the benchmark threads. */
    @State(Scope.Benchmark)
    public static class Storage {

        @Param({"NEVER", "ALWAYS"})
        public FsyncPolicy fsync;

        @Param({"100"})
        public int recordBytes;

        Path dir;
        LogStorage storage;
        List<NewRecord> batch;
        private int nextLog;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = TempDirectory.create("freshet-jmh-append-");
            storage = LogStorage.onDisk(dir, LogConfig.defaults().withFsyncPolicy(fsync));
            batch = StorageFixtures.randomBatch(7, BATCH, recordBytes, i -> "partition-key-" + i);
        }

        synchronized ShardLog newLog() throws IOException {
            return storage.open(StorageFixtures.logName(nextLog++));
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            storage.close();
            TempDirectory.delete(dir);
        }
    }

    /** Each benchmark thread's own shard log. */
    @State(Scope.Thread)
    public static class Log {

        ShardLog log;

        @Setup(Level.Trial)
        public void open(Storage storage) throws IOException {
            log = storage.newLog();
        }

        @TearDown(Level.Iteration)
        public void trim() throws IOException {
            log.deleteBefore(Long.MAX_VALUE);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long append(Storage storage, Log log) throws IOException {
        var append = log.log.append(storage.batch, System.currentTimeMillis());
        append.durable().join();
        return append.firstOffset();
    }
}
