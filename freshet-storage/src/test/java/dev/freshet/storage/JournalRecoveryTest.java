package dev.freshet.storage;

import static dev.freshet.storage.TestRecords.batch;
import static dev.freshet.storage.TestRecords.batchBytes;
import static dev.freshet.storage.TestRecords.offsets;
import static dev.freshet.storage.TestRecords.readAll;
import static dev.freshet.storage.TestRecords.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal as a crash leaves it: a copy of a storage's directory taken while it runs (which is what a
 * process kill leaves on disk, the page cache included) must open with every acknowledged record, though the
 * segments alone lack the ones still kept in memory.
 */
class JournalRecoveryTest {

    private static final LogConfig CONFIG = LogConfig.defaults().withSegmentBytes(2_000).withIndexIntervalBytes(128);

    @TempDir
    Path root;

    @Test
    void aCopyTakenWhileTheStorageRunsRecoversEveryAcknowledgedRecord() throws Exception {
        for (FsyncPolicy policy : FsyncPolicy.values()) {
            Path live = root.resolve(policy.name());
            Path copy = root.resolve(policy.name() + "-copy");
            List<List<String>> written = new ArrayList<>();
            try (LogStorage storage = LogStorage.onDisk(live, CONFIG.withFsyncPolicy(policy))) {
                long bytes = 0;
                for (int log = 0; log < 3; log++) {
                    ShardLog shard = storage.open("s/shard-" + log);
                    List<String> data = new ArrayList<>();
                    for (int i = 0; i < 120; i++) {
                        String record = "log" + log + "-record" + i;
                        data.add(record);
                        bytes += batchBytes(batch(record));
                        shard.append(batch(record), i).durable().get(60, TimeUnit.SECONDS);
                    }
                    written.add(data);
                }
                copyTree(live, copy);
                assertThat(segmentBytes(copy)).as("the segments alone must lack records, or this proves nothing")
                        .isLessThan(bytes);
            }
            try (LogStorage recovered = LogStorage.onDisk(copy, CONFIG.withFsyncPolicy(policy))) {
                for (int log = 0; log < 3; log++) {
                    ShardLog shard = recovered.open("s/shard-" + log);
                    assertThat(texts(readAll(shard))).as(policy + " log " + log).isEqualTo(written.get(log));
                    assertThat(shard.append(batch("next"), 1_000).firstOffset()).isEqualTo(120);
                }
            }
            try (LogStorage again = LogStorage.onDisk(copy, CONFIG.withFsyncPolicy(policy))) {
                assertThat(readAll(again.open("s/shard-2")).records()).hasSize(121);
            }
        }
    }

    @Test
    void aJournalTornAtAnyByteOfItsLastEntryRecoversExactlyTheEntriesBeforeIt() throws Exception {
        Path live = root.resolve("live");
        Path copy = root.resolve("copy");
        List<String> written = new ArrayList<>();
        try (LogStorage storage = LogStorage.onDisk(live, CONFIG)) {
            ShardLog log = storage.open("s/shard-0");
            for (int i = 0; i < 5; i++) {
                written.add("record-" + i);
                log.append(batch("record-" + i), i).durable().get(60, TimeUnit.SECONDS);
            }
            copyTree(live, copy);
        }
        Path journal = onlyJournalFile(copy);
        byte[] file = Files.readAllBytes(journal);
        int end = entriesEnd(file);
        assertThat(file.length % JournalFiles.blockSize(journal.getParent()))
                .as("written in whole blocks under fsync always").isZero();
        assertThat(Arrays.copyOfRange(file, end, file.length)).as("zeros after the entries")
                .isEqualTo(new byte[file.length - end]);
        byte[] whole = Arrays.copyOf(file, end);
        int lastEntry = Journal.HEADER_SIZE + "s/shard-0".length() + (int) batchBytes(batch("record-4"));
        Random random = new Random();
        for (int cut = whole.length - lastEntry; cut <= whole.length; cut++) {
            Path attempt = root.resolve("cut-" + cut);
            copyTree(copy, attempt);
            byte[] torn = Arrays.copyOf(whole, cut);
            if (cut < whole.length && cut > whole.length - lastEntry && random.nextBoolean()) {
                // a torn write may leave garbage rather than nothing
                torn = Arrays.copyOf(whole, whole.length);
                torn[cut] ^= (byte) (1 + random.nextInt(255));
            }
            Files.write(onlyJournalFile(attempt), torn);
            try (LogStorage recovered = LogStorage.onDisk(attempt, CONFIG)) {
                List<String> expected = cut == whole.length ? written : written.subList(0, 4);
                assertThat(texts(readAll(recovered.open("s/shard-0")))).as("cut at " + cut).isEqualTo(expected);
            }
        }
    }

    @Test
    void aDeletedLogOrGroupIsNotBroughtBackByTheJournal() throws Exception {
        Path live = root.resolve("live");
        Path copy = root.resolve("copy");
        try (LogStorage storage = LogStorage.onDisk(live, CONFIG)) {
            storage.open("g/a").append(batch("old-a"), 1).durable().get(60, TimeUnit.SECONDS);
            storage.open("h/b").append(batch("old-b"), 1).durable().get(60, TimeUnit.SECONDS);
            storage.delete("g/a");
            storage.deleteGroup("h");
            storage.open("g/a").append(batch("new-a"), 2).durable().get(60, TimeUnit.SECONDS);
            copyTree(live, copy);
        }
        try (LogStorage recovered = LogStorage.onDisk(copy, CONFIG)) {
            ReadBatch a = readAll(recovered.open("g/a"));
            assertThat(texts(a)).containsExactly("new-a");
            assertThat(offsets(a)).containsExactly(0L);
            assertThat(recovered.list("h")).isEmpty();
        }
    }

    @Test
    void journalFilesAreDeletedOnceACheckpointHasForcedTheirLogs() throws Exception {
        Path live = root.resolve("live");
        Path copy = root.resolve("copy");
        LogConfig config = CONFIG.withJournalBytes(4 << 10);
        List<List<String>> written = new ArrayList<>();
        try (LogStorage storage = LogStorage.onDisk(live, config)) {
            for (int log = 0; log < 10; log++) {
                written.add(new ArrayList<>());
            }
            for (int i = 0; i < 100; i++) {
                for (int log = 0; log < 10; log++) {
                    String record = "log" + log + "-" + i + "-" + "x".repeat(40);
                    written.get(log).add(record);
                    storage.open("s/shard-" + log).append(batch(record), i).durable().get(60, TimeUnit.SECONDS);
                }
            }
            // about 100 KiB went through the journal, 4 KiB a file: the checkpoints must have let go of most
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (journalFiles(live).size() > 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(journalFiles(live).size()).isLessThanOrEqualTo(3);
            copyTree(live, copy);
        }
        assertThat(journalFiles(live)).as("a clean close leaves nothing to replay").isEmpty();
        try (LogStorage recovered = LogStorage.onDisk(copy, config)) {
            for (int log = 0; log < 10; log++) {
                assertThat(texts(readAll(recovered.open("s/shard-" + log)))).isEqualTo(written.get(log));
            }
        }
    }

    @Test
    void aJournalThatWouldLeaveAGapInALogRefusesToOpenTheStorage() throws Exception {
        Path live = root.resolve("live");
        Path copy = root.resolve("copy");
        try (LogStorage storage = LogStorage.onDisk(live, CONFIG)) {
            ShardLog log = storage.open("s/shard-0");
            log.append(batch("first"), 1);
            log.append(batch("second"), 2);
        }
        try (LogStorage storage = LogStorage.onDisk(live, CONFIG)) {
            storage.open("s/shard-0").append(batch("third"), 3).durable().get(60, TimeUnit.SECONDS);
            copyTree(live, copy);
        }
        // the segment loses "second", which only it held: the journal's "third" no longer follows on
        Path segment = SegmentFiles.logPath(copy.resolve("s/shard-0"), 0);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(batchBytes(batch("first")));
        }
        List<Path> left = journalFiles(copy);
        assertThatThrownBy(() -> LogStorage.onDisk(copy, CONFIG)).isInstanceOf(CorruptBatchException.class)
                .hasMessageContaining("offset 2 of log s/shard-0");
        assertThat(journalFiles(copy)).as("kept for whoever mends the segment, not deleted on the way out")
                .isEqualTo(left);
    }

    /** Where the entries of a journal file end: at its end, or at the zeros padding its last block. */
    private static int entriesEnd(byte[] file) {
        ByteBuffer bytes = ByteBuffer.wrap(file);
        int at = 0;
        while (at + 4 <= file.length && bytes.getInt(at) > 0) {
            at += bytes.getInt(at);
        }
        return at;
    }

    private static Path onlyJournalFile(Path storageRoot) throws IOException {
        List<Path> files = journalFiles(storageRoot);
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    private static List<Path> journalFiles(Path storageRoot) throws IOException {
        Path dir = storageRoot.resolve(JournalFiles.DIRECTORY);
        List<Path> files = new ArrayList<>();
        for (long number : JournalFiles.numbers(dir)) {
            files.add(JournalFiles.path(dir, number));
        }
        return files;
    }

    /** Bytes in the segment files of every log under {@code storageRoot}. */
    private static long segmentBytes(Path storageRoot) throws IOException {
        try (Stream<Path> files = Files.walk(storageRoot)) {
            long total = 0;
            for (Path file : (Iterable<Path>) files::iterator) {
                if (SegmentFiles.isLogFile(file)) {
                    total += Files.size(file);
                }
            }
            return total;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
