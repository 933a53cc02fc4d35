package dev.freshet.storage;

import static dev.freshet.storage.TestRecords.readAll;
import static dev.freshet.storage.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Index files are a cache of their segments: missing or damaged ones are rebuilt, never trusted. */
class IndexRecoveryTest {

    private static final LogConfig CONFIG =
            LogConfig.defaults().withFsyncPolicy(FsyncPolicy.NEVER).withSegmentBytes(2000).withIndexIntervalBytes(100);
    private static final String LOG = "s/shard-0";
    private static final int BATCHES = 120;

    @TempDir
    Path root;

    private Path index;
    private byte[] originalIndex;

    @BeforeEach
    void writeLog() throws Exception {
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            ShardLog log = storage.open(LOG);
            for (int b = 0; b < BATCHES; b++) {
                log.append(List.of(record("key" + b, "value-" + b), record("key" + b, "second-" + b)), 10L * b);
            }
        }
        index = root.resolve(LOG).resolve("00000000000000000000.index");
        originalIndex = Files.readAllBytes(index);
        assertThat((originalIndex.length - 52) / 16).as("entries in the first index").isGreaterThan(5);
    }

    @Test
    void aMissingIndexFileIsRebuiltWhenTheLogOpens() throws Exception {
        Files.delete(index);
        checkLogIsWhole();
        assertThat(Files.readAllBytes(index)).isEqualTo(originalIndex);
    }

    @Test
    void anIndexWithADamagedHeaderIsRebuiltWhenTheLogOpens() throws Exception {
        FileLogStorageTest.flipByte(index, 20);
        checkLogIsWhole();
        assertThat(Files.readAllBytes(index)).isEqualTo(originalIndex);
    }

    @Test
    void anIndexWithDamagedEntriesIsRebuiltWhenFirstUsed() throws Exception {
        FileLogStorageTest.flipByte(index, 52 + 16 * 3 + 5);
        checkLogIsWhole();
        assertThat(Files.readAllBytes(index)).isEqualTo(originalIndex);
    }

    @Test
    void anIndexCutShortIsRebuilt() throws Exception {
        Files.write(index, Arrays.copyOf(originalIndex, originalIndex.length - 16));
        checkLogIsWhole();
        assertThat(Files.readAllBytes(index)).isEqualTo(originalIndex);
    }

    @Test
    void anIndexThatNoLongerMatchesItsSegmentIsRebuilt() throws Exception {
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            // segments of another log, laid out differently, give a valid index for the wrong segment
            ShardLog other = storage.open("s/other");
            for (int b = 0; b < 40; b++) {
                other.append(List.of(record("k", "v".repeat(b))), b);
            }
        }
        Files.copy(root.resolve("s/other/00000000000000000000.index"), index, StandardCopyOption.REPLACE_EXISTING);
        checkLogIsWhole();
        assertThat(Files.readAllBytes(index)).isEqualTo(originalIndex);
    }

    /** Every record reads back and every time lookup lands right, through every segment's index. */
    private void checkLogIsWhole() throws Exception {
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            ShardLog log = storage.open(LOG);
            assertThat(log.endOffset()).isEqualTo(2L * BATCHES);
            List<String> expected = new ArrayList<>();
            for (int b = 0; b < BATCHES; b++) {
                expected.add("value-" + b);
                expected.add("second-" + b);
            }
            assertThat(TestRecords.texts(readAll(log))).isEqualTo(expected);
            for (int offset = 0; offset < 2 * BATCHES; offset += 7) {
                assertThat(TestRecords.text(log.read(offset, 1, 0).records().get(0)))
                        .isEqualTo(expected.get(offset));
            }
            for (int b = 0; b < BATCHES; b++) {
                assertThat(log.offsetAtOrAfter(10L * b)).isEqualTo(2L * b);
                assertThat(log.offsetAtOrAfter(10L * b - 3)).isEqualTo(2L * b);
            }
        }
    }
}
