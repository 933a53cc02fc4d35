package dev.freshet.bench.micro;

import dev.freshet.storage.Append;
import dev.freshet.storage.FsyncPolicy;
import dev.freshet.storage.LogConfig;
import dev.freshet.storage.LogStorage;
import dev.freshet.storage.NewRecord;
import dev.freshet.storage.ShardLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The storage side of a PutRecords of 500 × 100-byte records on a stream of {@code logs} shards: the
 * records are spread evenly over {@code min(logs, 500)} shard logs (the next ones round the ring at each
 * call, as uniformly hashed keys would), one batch per log, and the call waits until every batch is as
 * durable as the fsync policy demands. Time is per record, so the figure for 10,000 logs against the one
 * for 4 shows what each append costs per log (one write, index and group-commit bookkeeping, and, when
 * the logs outnumber {@code maxOpenFiles}, closing and reopening segment files: {@code -p maxOpenFiles=1000}
 * shows that cost, since every call then touches logs whose files were closed).
 *
 * <p>Every log is opened and written once during setup. With more JMH threads ({@code -t 8}) the calls
 * share group commits; each thread starts at its own place on the ring.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogAppendManyLogsBenchmark {

    private static final int RECORDS_PER_CALL = 500;

    /** One storage per trial, shared by the benchmark threads. */
    @State(Scope.Benchmark)
    public static class Storage {

        @Param({"4", "10000"})
        public int logs;

        @Param({"NEVER", "ALWAYS"})
        public FsyncPolicy fsync;

        /** The storage's budget of open segment files; 0 for the default (which 10,000 logs fit in). */
        @Param({"0"})
        public int maxOpenFiles;

        Path dir;
        LogStorage storage;
        ShardLog[] shardLogs;
        List<List<NewRecord>> slices;
        final AtomicInteger threads = new AtomicInteger();

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = TempDirectory.create("freshet-jmh-manylogs-");
            storage = LogStorage.onDisk(dir, config());
            List<NewRecord> records = StorageFixtures.randomBatch(17, RECORDS_PER_CALL, 100, i -> "partition-key-" + i);
            int touched = Math.min(logs, RECORDS_PER_CALL);
            slices = new ArrayList<>(touched);
            for (int i = 0; i < touched; i++) {
                slices.add(List.copyOf(records.subList(i * RECORDS_PER_CALL / touched,
                        (i + 1) * RECORDS_PER_CALL / touched)));
            }
            shardLogs = new ShardLog[logs];
            for (int i = 0; i < logs; i++) {
                shardLogs[i] = storage.open(StorageFixtures.logName(i));
                shardLogs[i].append(slices.get(0), System.currentTimeMillis()).durable().join();
            }
        }

        LogConfig config() {
            LogConfig config = LogConfig.defaults().withFsyncPolicy(fsync);
            return maxOpenFiles > 0 ? config.withMaxOpenFiles(maxOpenFiles) : config;
        }

        @TearDown(Level.Iteration)
        public void trim() throws IOException {
            for (ShardLog log : shardLogs) {
                log.deleteBefore(Long.MAX_VALUE);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            storage.close();
            TempDirectory.delete(dir);
        }
    }

    /** Each benchmark thread's place on the ring of logs. */
    @State(Scope.Thread)
    public static class Ring {
        int next;
        CompletableFuture<?>[] pending;

        @Setup(Level.Trial)
        public void place(Storage storage) {
            next = storage.threads.getAndIncrement() * 7919 % storage.logs;
            pending = new CompletableFuture<?>[storage.slices.size()];
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS_PER_CALL)
    public long putRecords(Storage storage, Ring ring) throws IOException {
        long millis = System.currentTimeMillis();
        long sum = 0;
        ShardLog[] logs = storage.shardLogs;
        for (int i = 0; i < ring.pending.length; i++) {
            Append append = logs[ring.next].append(storage.slices.get(i), millis);
            ring.pending[i] = append.durable();
            sum += append.firstOffset();
            ring.next = ring.next + 1 == logs.length ? 0 : ring.next + 1;
        }
        CompletableFuture.allOf(ring.pending).join();
        return sum;
    }
}
