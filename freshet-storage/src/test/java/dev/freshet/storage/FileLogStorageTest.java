package dev.freshet.storage;

import static dev.freshet.storage.TestRecords.batch;
import static dev.freshet.storage.TestRecords.offsets;
import static dev.freshet.storage.TestRecords.readAll;
import static dev.freshet.storage.TestRecords.record;
import static dev.freshet.storage.TestRecords.sized;
import static dev.freshet.storage.TestRecords.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour only the disk backend has: files, restarts, exclusivity. */
class FileLogStorageTest {

    static final LogConfig CONFIG = LogConfig.defaults().withFsyncPolicy(FsyncPolicy.NEVER);

    @TempDir
    Path root;

    @Test
    void aRestartAfterCloseKeepsAllRecordsAndContinuesOffsets() throws Exception {
        LogConfig config = CONFIG.withSegmentBytes(300).withIndexIntervalBytes(64);
        try (LogStorage storage = LogStorage.onDisk(root, config)) {
            ShardLog log = storage.open("s/shard-0");
            for (int i = 0; i < 40; i++) {
                log.append(batch("r" + i, "r" + i + "b"), 1000 + i);
            }
        }
        try (LogStorage storage = LogStorage.onDisk(root, config)) {
            ShardLog log = storage.open("s/shard-0");
            assertThat(log.endOffset()).isEqualTo(80);
            assertThat(log.append(batch("after"), 1).firstOffset()).isEqualTo(80);
            ReadBatch all = readAll(log);
            assertThat(all.records()).hasSize(81);
            assertThat(texts(all).get(78)).isEqualTo("r39");
            assertThat(texts(all).get(80)).isEqualTo("after");
            assertThat(all.records().get(80).arrivalMillis()).as("clamped across the restart").isEqualTo(1039);
            assertThat(log.offsetAtOrAfter(1020)).isEqualTo(40);
        }
    }

    @Test
    void segmentFilesAreNamedByTheirZeroPaddedBaseOffset() throws Exception {
        Path dir = appendSized(CONFIG.withSegmentBytes(100), "stream-a/shardId-000000000001", 5);
        assertThat(fileNames(dir)).containsExactly(
                "00000000000000000000.index", "00000000000000000000.log",
                "00000000000000000002.index", "00000000000000000002.log",
                "00000000000000000004.log");
    }

    @Test
    void aBatchLargerThanASegmentGoesAloneIntoItsOwnSegment() throws Exception {
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG.withSegmentBytes(100))) {
            ShardLog log = storage.open("s/shard-0");
            log.append(sized(10), 1);
            log.append(sized(500), 2);
            log.append(sized(10), 3);
            assertThat(readAll(log).records()).extracting(r -> r.data().length).containsExactly(10, 500, 10);
        }
        Path dir = root.resolve("s/shard-0");
        assertThat(Files.size(dir.resolve("00000000000000000001.log"))).isEqualTo(33 + 6 + 1 + 500);
        assertThat(Files.size(dir.resolve("00000000000000000002.log"))).isEqualTo(50);
    }

    @Test
    void aSecondStorageOnTheSameRootIsRefused() throws Exception {
        LogStorage first = LogStorage.onDisk(root, CONFIG);
        try {
            assertThatThrownBy(() -> LogStorage.onDisk(root, CONFIG)).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use");
        } finally {
            first.close();
        }
        LogStorage.onDisk(root, CONFIG).close();
    }

    @Test
    void aDamagedSealedSegmentFailsReadsInsteadOfServingBadRecords() throws Exception {
        LogConfig config = CONFIG.withSegmentBytes(100);
        Path sealed = appendSized(config, "s/shard-0", 4).resolve("00000000000000000000.log");
        flipByte(sealed, 60);
        try (LogStorage storage = LogStorage.onDisk(root, config)) {
            ShardLog log = storage.open("s/shard-0");
            assertThat(offsets(log.read(0, 1, Long.MAX_VALUE))).containsExactly(0L);
            assertThatThrownBy(() -> log.read(1, 1, Long.MAX_VALUE)).isInstanceOf(IOException.class)
                    .hasMessageContaining("CRC");
            assertThat(offsets(log.read(2, 10, Long.MAX_VALUE))).containsExactly(2L, 3L);
        }
    }

    @Test
    void deleteGroupRemovesTheGroupsDirectory() throws Exception {
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            storage.open("g1/shard-0").append(batch("a"), 1);
            storage.open("g2/shard-0");
            storage.deleteGroup("g1");
            assertThat(fileNames(root)).containsExactlyInAnyOrder("g2", "~freshet.lock", "~journal");
        }
    }

    @Test
    void deletingOneLogRemovesItsDirectoryAndLeavesNoTrash() throws Exception {
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            storage.open("g1/shard-0").append(batch("a"), 1);
            storage.open("g1/shard-1");
            storage.delete("g1/shard-0");
            assertThat(fileNames(root)).containsExactlyInAnyOrder("g1", "~freshet.lock", "~journal");
            assertThat(fileNames(root.resolve("g1"))).containsExactly("shard-1");
        }
    }

    @Test
    void aGroupWhoseDeletionWasInterruptedIsGoneAfterARestart() throws Exception {
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            storage.open("g1/shard-0").append(batch("a"), 1);
        }
        Files.move(root.resolve("g1"), root.resolve("~deleted-g1-123"));
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            assertThat(storage.list("g1")).isEmpty();
            assertThat(fileNames(root)).containsExactlyInAnyOrder("~freshet.lock", "~journal");
        }
    }

    @Test
    void listFindsLogsOnDiskThatAreNotOpen() throws Exception {
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            storage.open("g/shard-0");
            storage.open("g/nested/shard-1");
        }
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            assertThat(storage.list("g")).isEqualTo(Set.of("g/shard-0", "g/nested/shard-1"));
        }
    }

    @Test
    void openingOneLogFromManyThreadsAtOnceYieldsOneLog() throws Exception {
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<ShardLog>> opens = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    opens.add(() -> storage.open("s/shard-0"));
                }
                List<ShardLog> logs = new ArrayList<>();
                for (Future<ShardLog> f : pool.invokeAll(opens)) {
                    logs.add(f.get());
                }
                assertThat(logs).allSatisfy(log -> assertThat(log).isSameAs(logs.get(0)));
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void leftoverTemporaryAndOrphanIndexFilesAreCleanedUp() throws Exception {
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            storage.open("s/shard-0").append(batch("a"), 1);
        }
        Path dir = root.resolve("s/shard-0");
        Files.write(dir.resolve("00000000000000000000.index.tmp"), new byte[7]);
        Files.write(dir.resolve("00000000000000000009.index"), new byte[7]);
        Files.write(dir.resolve("00000000000000000000.index"), new byte[7]);
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            assertThat(texts(readAll(storage.open("s/shard-0")))).containsExactly("a");
        }
        assertThat(fileNames(dir)).containsExactly("00000000000000000000.log");
    }

    @Test
    void aLogWithAnEmptyDirectoryStartsAtZero() throws Exception {
        Files.createDirectories(root.resolve("s/shard-0"));
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            ShardLog log = storage.open("s/shard-0");
            assertThat(log.endOffset()).isZero();
            assertThat(log.append(batch("a"), 1).firstOffset()).isZero();
        }
    }

    @Test
    void segmentsThatNoLongerFollowEachOtherAreDroppedFromTheFirstGap() throws Exception {
        LogConfig config = CONFIG.withSegmentBytes(100);
        Path dir = appendSized(config, "s/shard-0", 6);
        Files.delete(dir.resolve("00000000000000000002.log"));
        try (LogStorage storage = LogStorage.onDisk(root, config)) {
            ShardLog log = storage.open("s/shard-0");
            assertThat(log.endOffset()).isEqualTo(2);
            assertThat(offsets(readAll(log))).containsExactly(0L, 1L);
            assertThat(log.append(sized(10), 9).firstOffset()).isEqualTo(2);
        }
    }

    @Test
    void aReaderInterruptedMidReadDoesNotBreakTheLogForOthers() throws Exception {
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            ShardLog log = storage.open("s/shard-0");
            log.append(batch("a"), 1);
            // an interrupted thread doing I/O on a FileChannel closes it, for every thread sharing it
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> log.read(0, 10, 1000)).isInstanceOf(ClosedByInterruptException.class);
            } finally {
                Thread.interrupted();
            }
            assertThat(texts(readAll(log))).containsExactly("a");
            assertThat(log.append(batch("b"), 2).firstOffset()).isEqualTo(1);
            assertThat(texts(readAll(log))).containsExactly("a", "b");
        }
    }

    @Test
    void anAppenderInterruptedWhileItsSegmentIsWrittenLosesNothingAndLeavesTheLogUsable() throws Exception {
        String large = "b".repeat(ActiveSegment.FLUSH_BYTES);
        for (FsyncPolicy policy : FsyncPolicy.values()) {
            // after a small batch the large one joins it in memory; alone it is written straight from its buffer
            for (boolean smallFirst : new boolean[] {true, false}) {
                Path dir = root.resolve(policy.name() + "-" + smallFirst);
                List<String> expected = new ArrayList<>();
                try (LogStorage storage = LogStorage.onDisk(dir, CONFIG.withFsyncPolicy(policy))) {
                    ShardLog log = storage.open("s/shard-0");
                    if (smallFirst) {
                        log.append(batch("a"), 1);
                        expected.add("a");
                    }
                    // large enough for the append itself to write the segment, which the interrupt makes fail
                    Thread.currentThread().interrupt();
                    Append interrupted;
                    try {
                        interrupted = log.append(List.of(record("k", large)), 2);
                    } finally {
                        Thread.interrupted();
                    }
                    expected.add(large);
                    interrupted.durable().get(60, TimeUnit.SECONDS);
                    Append next = log.append(batch("c"), 3);
                    expected.add("c");
                    assertThat(next.firstOffset()).isEqualTo(expected.size() - 1);
                    next.durable().get(60, TimeUnit.SECONDS);
                    assertThat(texts(readAll(log))).isEqualTo(expected);
                }
                try (LogStorage storage = LogStorage.onDisk(dir, CONFIG)) {
                    assertThat(texts(readAll(storage.open("s/shard-0")))).isEqualTo(expected);
                }
            }
        }
    }

    /**
     * Appends {@code batches} batches of {@link TestRecords#sized sized(10)}, the i-th arriving at time i, to
     * the log {@code name} of a storage on {@link #root} that is closed afterwards; returns the log's directory.
     */
    private Path appendSized(LogConfig config, String name, int batches) throws IOException {
        try (LogStorage storage = LogStorage.onDisk(root, config)) {
            ShardLog log = storage.open(name);
            for (int i = 0; i < batches; i++) {
                log.append(sized(10), i);
            }
        }
        return root.resolve(name);
    }

    static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            channel.read(b, position);
            b.put(0, (byte) (b.get(0) ^ 0xFF)).rewind();
            channel.write(b, position);
        }
    }
}
