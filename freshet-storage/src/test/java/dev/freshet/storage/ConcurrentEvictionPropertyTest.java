package dev.freshet.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appenders and readers on many logs at once under a budget of open files far smaller than the logs, so
 * that segment files (active and sealed) are closed and reopened all the time under concurrent appends,
 * reads, time lookups, group commits and retention. Every read must return exactly what was appended at
 * those offsets, every durable future must complete, and after a restart every acknowledged record must be
 * there. Seeds are printed; rerun one with {@code -Dfreshet.seed=<seed>}. Thread interleavings vary from
 * run to run; the seed fixes the configuration and each thread's choices.
 */
class ConcurrentEvictionPropertyTest {

    /** A bound against hanging forever, not a claim about speed. */
    private static final long HANG_GUARD_SECONDS = 120;
    private static final int WRITERS = 3;
    private static final int READERS = 3;

    @TempDir
    Path dir;

    @Test
    void appendsAndReadsOnManyLogsStayExactWhileFilesAreEvicted() throws Exception {
        List<Long> seeds = new ArrayList<>(List.of(1L, 2L, 3L));
        seeds.add(Long.getLong("freshet.seed", System.nanoTime()));
        for (long seed : seeds) {
            System.out.println("ConcurrentEvictionPropertyTest seed " + seed);
            run(seed);
        }
    }

    private void run(long seed) throws Exception {
        Random random = new Random(seed);
        FsyncPolicy[] policies = FsyncPolicy.values();
        int logs = 4 + random.nextInt(12);
        LogConfig config = LogConfig.defaults()
                .withFsyncPolicy(policies[random.nextInt(policies.length)])
                .withFsyncInterval(Duration.ofMillis(1 + random.nextInt(5)))
                .withSegmentBytes(150 + random.nextInt(2000))
                .withIndexIntervalBytes(new int[] {0, 64, 500}[random.nextInt(3)])
                .withMaxOpenFiles(1 + random.nextInt(3));
        String at = "seed " + seed + " (" + logs + " logs, " + config + ")";
        System.out.println("  " + at);
        Path root = Files.createTempDirectory(dir, "root");
        /** Per log: offset to the payload appended there, filled in by writers as appends return. */
        List<Map<Long, byte[]>> appended = new ArrayList<>();
        for (int i = 0; i < logs; i++) {
            appended.add(new ConcurrentHashMap<>());
        }
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<CompletableFuture<Void>> durable = new ConcurrentLinkedQueue<>();
        try (LogStorage storage = LogStorage.onDisk(root, config)) {
            CountDownLatch writersDone = new CountDownLatch(WRITERS);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                long writerSeed = random.nextLong();
                int writer = w;
                threads.add(new Thread(() -> {
                    try {
                        write(storage, logs, writer, new Random(writerSeed), appended, durable);
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        writersDone.countDown();
                    }
                }, "writer-" + w));
            }
            for (int r = 0; r < READERS; r++) {
                long readerSeed = random.nextLong();
                threads.add(new Thread(() -> {
                    try {
                        read(storage, logs, new Random(readerSeed), appended, writersDone);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "reader-" + r));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(HANG_GUARD_SECONDS));
                assertThat(thread.isAlive()).as(at + ": " + thread.getName() + " hangs").isFalse();
            }
            assertThat(failures).as(at).isEmpty();
            CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new))
                    .get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(OpenFilesTest.openFiles(storage)).as(at + ": open files")
                    .isLessThanOrEqualTo(config.maxOpenFiles() + WRITERS + READERS);
            checkAll(storage, logs, appended, at);
        }
        try (LogStorage storage = LogStorage.onDisk(root, config)) {
            checkAll(storage, logs, appended, at + ", after a restart");
        }
    }

    private static void write(LogStorage storage, int logs, int writer, Random random, List<Map<Long, byte[]>> appended,
            ConcurrentLinkedQueue<CompletableFuture<Void>> durable) throws Exception {
        for (int step = 0; step < 150; step++) {
            int log = random.nextInt(logs);
            int count = 1 + random.nextInt(4);
            List<NewRecord> records = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                records.add(new NewRecord("w" + writer, payload(log, random)));
            }
            ShardLog shard = storage.open(name(log));
            Append append = shard.append(records, step);
            durable.add(append.durable());
            for (int i = 0; i < count; i++) {
                appended.get(log).put(append.firstOffset() + i, records.get(i).data());
            }
            if (random.nextInt(40) == 0) {
                // retention on a log others read: whole old segments go while reads may be on them
                shard.deleteBefore(step - 100);
            }
        }
    }

    private static void read(LogStorage storage, int logs, Random random, List<Map<Long, byte[]>> appended,
            CountDownLatch writersDone) throws Exception {
        do {
            int log = random.nextInt(logs);
            ShardLog shard = storage.open(name(log));
            long start = shard.startOffset();
            long end = shard.endOffset();
            long from = start + (end > start ? (long) random.nextInt((int) (end - start)) : 0);
            if (random.nextBoolean()) {
                long found = shard.offsetAtOrAfter(random.nextInt(150));
                assertThat(found).isBetween(0L, shard.endOffset());
                continue;
            }
            ReadBatch batch = shard.read(from, 1 + random.nextInt(20), Long.MAX_VALUE);
            long expected = Math.max(from, batch.records().isEmpty() ? from : batch.records().get(0).offset());
            for (StoredRecord record : batch.records()) {
                assertThat(record.offset()).isEqualTo(expected++);
                assertThat(ByteBuffer.wrap(record.data()).getInt(0)).as("record of log " + log).isEqualTo(log);
                byte[] known = appended.get(log).get(record.offset());
                if (known != null) {
                    assertThat(Arrays.equals(known, record.data())).as("log " + log + " offset " + record.offset())
                            .isTrue();
                }
            }
        } while (writersDone.getCount() > 0);
    }

    private static void checkAll(LogStorage storage, int logs, List<Map<Long, byte[]>> appended, String at)
            throws Exception {
        for (int log = 0; log < logs; log++) {
            ShardLog shard = storage.open(name(log));
            ReadBatch all = shard.read(0, Integer.MAX_VALUE, Long.MAX_VALUE);
            long expected = shard.startOffset();
            for (StoredRecord record : all.records()) {
                assertThat(record.offset()).as(at).isEqualTo(expected++);
                assertThat(Arrays.equals(appended.get(log).get(record.offset()), record.data()))
                        .as(at + ", log " + log + " offset " + record.offset()).isTrue();
            }
            assertThat(expected).as(at + ", log " + log + " end").isEqualTo(appended.get(log).size());
        }
    }

    private static String name(int log) {
        return "s/shard-" + log;
    }

    /** Starts with the log's number, so a record read from the wrong log's file shows. */
    private static byte[] payload(int log, Random random) {
        byte[] data = new byte[4 + random.nextInt(random.nextInt(10) == 0 ? 400 : 40)];
        random.nextBytes(data);
        ByteBuffer.wrap(data).putInt(0, log);
        return data;
    }
}
