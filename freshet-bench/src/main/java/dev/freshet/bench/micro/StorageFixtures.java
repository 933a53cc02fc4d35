package dev.freshet.bench.micro;

import dev.freshet.storage.FsyncPolicy;
import dev.freshet.storage.LogConfig;
import dev.freshet.storage.LogStorage;
import dev.freshet.storage.NewRecord;
import dev.freshet.storage.ShardLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Setup shared by the storage benchmarks: their records, the names of their logs, and a shard log on disk
 * filled for the read benchmarks.
 *
 * <p>Stateless; a {@link FilledLog} is created by a benchmark's setup and deleted by its teardown.
 */
final class StorageFixtures {

    /** The arrival time of a {@link FilledLog}'s first batch. */
    static final long FIRST_MILLIS = 1_700_000_000_000L;

    private StorageFixtures() {}

    /** {@code count} records of {@code dataBytes} random bytes (from {@code seed}), record i keyed {@code key(i)}. */
    static List<NewRecord> randomBatch(long seed, int count, int dataBytes, IntFunction<String> key) {
        Random random = new Random(seed);
        List<NewRecord> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[dataBytes];
            random.nextBytes(data);
            batch.add(new NewRecord(key.apply(i), data));
        }
        return batch;
    }

    /** The name of a benchmark's shard log number {@code index}. */
    static String logName(int index) {
        return String.format("bench/shardId-%012d", index);
    }

    /**
     * One shard log ({@code logName(0)}) in a storage of its own in a {@link TempDirectory}, without fsync,
     * holding at least {@code records} records: copies of one batch, each arriving one millisecond after the
     * previous one, the first at {@link #FIRST_MILLIS}.
     */
    static final class FilledLog {
        final Path dir;
        final LogStorage storage;
        final ShardLog log;
        /** The arrival time of the last batch. */
        final long lastMillis;

        private FilledLog(Path dir, LogStorage storage, ShardLog log, long lastMillis) {
            this.dir = dir;
            this.storage = storage;
            this.log = log;
            this.lastMillis = lastMillis;
        }

        static FilledLog fill(String dirPrefix, long records, List<NewRecord> batch) throws IOException {
            Path dir = TempDirectory.create(dirPrefix);
            LogStorage storage = LogStorage.onDisk(dir, LogConfig.defaults().withFsyncPolicy(FsyncPolicy.NEVER));
            ShardLog log = storage.open(logName(0));
            long millis = FIRST_MILLIS;
            for (long written = 0; written < records; written += batch.size()) {
                log.append(batch, millis++).durable().join();
            }
            return new FilledLog(dir, storage, log, millis - 1);
        }

        /** Closes the storage and deletes its directory. */
        void delete() throws IOException {
            storage.close();
            TempDirectory.delete(dir);
        }
    }
}
