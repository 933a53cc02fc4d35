package dev.freshet.storage;

import static dev.freshet.storage.TestRecords.batch;
import static dev.freshet.storage.TestRecords.failingToForce;
import static dev.freshet.storage.TestRecords.readAll;
import static dev.freshet.storage.TestRecords.sized;
import static dev.freshet.storage.TestRecords.stamped;
import static dev.freshet.storage.TestRecords.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The budget of open segment files: which file closes, what closing waits for, and the storage within it. */
class OpenFilesTest {

    /** A bound against hanging forever, not a claim about speed. */
    private static final long HANG_GUARD_SECONDS = 60;

    @TempDir
    Path dir;

    /** A handle that records its evictions, and refuses them while busy. */
    private static final class FakeFile extends OpenFiles.Handle {
        final String name;
        final OpenFiles files;
        final List<String> evictions;
        boolean busy;

        FakeFile(String name, OpenFiles files, List<String> evictions) {
            this.name = name;
            this.files = files;
            this.evictions = evictions;
        }

        void open() {
            if (files.add(this)) {
                files.trim();
            }
        }

        @Override
        void evict() {
            if (busy) {
                files.readd(this);
                return;
            }
            files.remove(this);
            evictions.add(name);
        }
    }

    @Test
    void theFileClosedToMakeRoomIsTheOneUsedLeastRecently() {
        OpenFiles files = new OpenFiles(2);
        List<String> evictions = new ArrayList<>();
        FakeFile a = new FakeFile("a", files, evictions);
        FakeFile b = new FakeFile("b", files, evictions);
        FakeFile c = new FakeFile("c", files, evictions);
        FakeFile d = new FakeFile("d", files, evictions);
        a.open();
        b.open();
        c.open();
        assertThat(evictions).containsExactly("a");
        b.touch();
        d.open();
        assertThat(evictions).containsExactly("a", "c");
        assertThat(files.openCount()).isEqualTo(2);
    }

    @Test
    void aBusyFileIsPassedOverAndTheBudgetExceededOnlyWhileAllAreBusy() {
        OpenFiles files = new OpenFiles(2);
        List<String> evictions = new ArrayList<>();
        FakeFile a = new FakeFile("a", files, evictions);
        FakeFile b = new FakeFile("b", files, evictions);
        FakeFile c = new FakeFile("c", files, evictions);
        a.busy = true;
        a.open();
        b.open();
        c.open();
        assertThat(evictions).hasSize(1).doesNotContain("a");
        FakeFile survivor = evictions.contains("b") ? c : b;

        survivor.busy = true;
        FakeFile d = new FakeFile("d", files, evictions);
        d.busy = true;
        d.open();
        assertThat(evictions).hasSize(1);
        assertThat(files.openCount()).as("all busy: over budget rather than waiting").isEqualTo(3);

        a.busy = false;
        files.trim();
        assertThat(evictions).hasSize(2).endsWith("a");
        assertThat(files.openCount()).isEqualTo(2);
    }

    @Test
    void anActiveSegmentWithUnforcedAppendsIsForcedBeforeItsFileIsClosed() throws Exception {
        OpenFiles files = new OpenFiles(1);
        ActiveSegment a = ActiveSegment.create(dir.resolve("a.log"), 0, 0, files, true);
        ActiveSegment b = ActiveSegment.create(dir.resolve("b.log"), 0, 0, files, true);
        // appends stay in memory until flushed; then they are in the file but not forced
        a.append(stamped("one", 0), 0, 1);
        a.flush();
        assertThat(a.isOpen()).isTrue();
        assertThat(a.hasUnforcedBytes()).isTrue();

        b.append(stamped("two", 0), 0, 1);
        b.flush();

        assertThat(a.isOpen()).as("closed to make room for b").isFalse();
        assertThat(a.hasUnforcedBytes()).as("forced before closing").isFalse();
        assertThat(b.isOpen()).isTrue();
        assertThat(files.openCount()).isEqualTo(1);

        // reopened on next use, and appends continue where they were
        a.append(stamped("three", 1), 1, 2);
        a.flush();
        assertThat(a.size()).isEqualTo(stamped("one", 0).limit() + stamped("three", 0).limit());
        assertThat(b.isOpen()).isFalse();
        assertThat(b.hasUnforcedBytes()).isFalse();
        a.retire(true);
        b.retire(true);
        assertThat(files.openCount()).isZero();
    }

    @Test
    void aFileThatClosesWithoutAForceIsPreferredToOneThatNeedsOne() throws Exception {
        OpenFiles files = new OpenFiles(2);
        ActiveSegment unforced = ActiveSegment.create(dir.resolve("a.log"), 0, 0, files, true);
        ActiveSegment forced = ActiveSegment.create(dir.resolve("b.log"), 0, 0, files, true);
        ActiveSegment third = ActiveSegment.create(dir.resolve("c.log"), 0, 0, files, true);
        unforced.append(stamped("one", 0), 0, 1);
        unforced.flush();
        forced.append(stamped("two", 0), 0, 1);
        forced.force();

        third.append(stamped("three", 0), 0, 1);
        third.flush();

        assertThat(forced.isOpen()).as("closes at once, though used more recently").isFalse();
        assertThat(unforced.isOpen()).isTrue();
        assertThat(unforced.hasUnforcedBytes()).isTrue();
        for (ActiveSegment segment : List.of(unforced, forced, third)) {
            segment.retire(true);
        }
    }

    @Test
    void underNeverASegmentIsClosedWithoutForcing() throws Exception {
        OpenFiles files = new OpenFiles(1);
        ActiveSegment a = ActiveSegment.create(dir.resolve("a.log"), 0, 0, files, false);
        ActiveSegment b = ActiveSegment.create(dir.resolve("b.log"), 0, 0, files, false);
        a.append(stamped("one", 0), 0, 1);
        b.append(stamped("two", 0), 0, 1);
        assertThat(a.isOpen()).isFalse();
        assertThat(a.hasUnforcedBytes()).isTrue();
        a.retire(false);
        b.retire(false);
    }

    @Test
    void aReadInProgressKeepsAnEvictedFileOpenUntilItEnds() throws Exception {
        OpenFiles files = new OpenFiles(1);
        IndexCache cache = new IndexCache(1 << 20);
        Path first = dir.resolve("first.log");
        Path second = dir.resolve("second.log");
        Files.write(first, new byte[] {1, 2, 3});
        Files.write(second, new byte[] {4});
        SealedSegment a = new SealedSegment(first, dir.resolve("first.index"), 0, 1, 3, 0, null, cache, 0, false,
                files);
        SealedSegment b = new SealedSegment(second, dir.resolve("second.index"), 0, 1, 1, 0, null, cache, 0, false,
                files);

        SharedChannel reading = a.openForReading();
        b.openForReading().close();

        assertThat(a.isOpen()).as("evicted").isFalse();
        assertThat(reading.channel().isOpen()).as("still held by the read").isTrue();
        ByteBuffer buffer = ByteBuffer.allocate(3);
        reading.channel().read(buffer, 0);
        assertThat(buffer.array()).containsExactly(1, 2, 3);
        reading.close();
        assertThat(reading.channel().isOpen()).as("closed by the read's end").isFalse();
        a.close();
        b.close();
        assertThat(files.openCount()).isZero();
    }

    @Test
    void aFailedForceBeforeEvictionIsRecordedAndTheFileClosedAllTheSame() throws Exception {
        OpenFiles files = new OpenFiles(1);
        ActiveSegment failing = failingToForce(files);
        ActiveSegment other = ActiveSegment.create(dir.resolve("other.log"), 0, 0, files, true);
        failing.append(stamped("one", 0), 0, 1);
        failing.flush();

        other.append(stamped("two", 0), 0, 1);
        other.flush();

        assertThat(failing.isOpen()).isFalse();
        assertThatThrownBy(failing::force).isInstanceOf(IOException.class).hasMessageContaining("earlier fsync");
        assertThatThrownBy(() -> failing.append(stamped("three", 1), 1, 2)).isInstanceOf(IOException.class)
                .hasMessageContaining("appends are refused");
        failing.retire(false);
        other.retire(true);
    }

    @Test
    void aStorageWithManyLogsKeepsWithinItsBudgetAndLosesNothing() throws Exception {
        int budget = 3;
        LogConfig config = LogConfig.defaults().withFsyncPolicy(FsyncPolicy.NEVER).withSegmentBytes(200)
                .withMaxOpenFiles(budget);
        int logs = 12;
        try (LogStorage storage = LogStorage.onDisk(dir, config)) {
            for (int round = 0; round < 8; round++) {
                for (int i = 0; i < logs; i++) {
                    ShardLog log = storage.open("s/shard-" + i);
                    log.append(batch("r" + round + "-" + i), round);
                    assertThat(openFiles(storage)).isLessThanOrEqualTo(budget);
                    assertThat(descriptorsUnder(dir)).as("descriptors on segment files").isLessThanOrEqualTo(budget);
                }
                for (int i = 0; i < logs; i++) {
                    ShardLog log = storage.open("s/shard-" + (logs - 1 - i));
                    assertThat(log.read(round, 1, 100).records()).hasSize(1);
                    assertThat(log.offsetAtOrAfter(round)).isEqualTo(round);
                    assertThat(openFiles(storage)).isLessThanOrEqualTo(budget);
                }
            }
            for (int i = 0; i < logs; i++) {
                assertThat(texts(readAll(storage.open("s/shard-" + i)))).hasSize(8).startsWith("r0-" + i)
                        .endsWith("r7-" + i);
            }
        }
        try (LogStorage storage = LogStorage.onDisk(dir, config)) {
            for (int i = 0; i < logs; i++) {
                assertThat(texts(readAll(storage.open("s/shard-" + i)))).hasSize(8).endsWith("r7-" + i);
            }
        }
    }

    @Test
    void underAlwaysAppendsToLogsEvictedBeforeTheirCommitStillBecomeDurable() throws Exception {
        LogConfig config = LogConfig.defaults().withMaxOpenFiles(1);
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        try (LogStorage storage = LogStorage.onDisk(dir, config)) {
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 10; i++) {
                    durable.add(storage.open("s/shard-" + i).append(sized(30), round).durable());
                }
            }
            CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get(HANG_GUARD_SECONDS,
                    TimeUnit.SECONDS);
            assertThat(openFiles(storage)).isLessThanOrEqualTo(1);
        }
        try (LogStorage storage = LogStorage.onDisk(dir, config)) {
            for (int i = 0; i < 10; i++) {
                assertThat(readAll(storage.open("s/shard-" + i)).records()).hasSize(5);
            }
        }
    }

    @Test
    void theDefaultBudgetLeavesRoomBelowTheProcessLimit() {
        int max = LogConfig.defaultMaxOpenFiles();
        assertThat(max).isPositive();
        assertThat(LogConfig.defaults().openFileBudget()).isEqualTo(max);
        assertThat(LogConfig.defaults().withMaxOpenFiles(7).openFileBudget()).isEqualTo(7);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            assertThat((long) max).isLessThan(unix.getMaxFileDescriptorCount());
        }
        // the examples LogConfig documents, a limit that cannot be read, and one too small for a reserve
        assertThat(LogConfig.maxOpenFilesUnder(20_000)).isEqualTo(15_000);
        assertThat(LogConfig.maxOpenFilesUnder(4096)).isEqualTo(3072);
        assertThat(LogConfig.maxOpenFilesUnder(1024)).isEqualTo(512);
        assertThat(LogConfig.maxOpenFilesUnder(-1)).isEqualTo(4096);
        assertThat(LogConfig.maxOpenFilesUnder(1)).isEqualTo(1);
        assertThatThrownBy(() -> LogConfig.defaults().withMaxOpenFiles(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    static int openFiles(LogStorage storage) {
        return ((FileLogStorage) storage).openFileCount();
    }

    /** Open descriptors of this process on segment files under {@code root}; 0 where /proc is not there. */
    static int descriptorsUnder(Path root) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return 0;
        }
        Path real = root.toRealPath();
        int count = 0;
        try (Stream<Path> entries = Files.list(fds)) {
            for (Path fd : (Iterable<Path>) entries::iterator) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(real) && target.toString().endsWith(SegmentFiles.LOG_SUFFIX)) {
                        count++;
                    }
                } catch (IOException gone) {
                    // closed between listing and reading: not open any more
                }
            }
        }
        return count;
    }
}
