package dev.freshet.storage;

import static dev.freshet.storage.TestRecords.batch;
import static dev.freshet.storage.TestRecords.batchBytes;
import static dev.freshet.storage.TestRecords.readAll;
import static dev.freshet.storage.TestRecords.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery from a damaged active segment: whatever is cut off or garbled, reopening yields exactly the
 * batches before the first damaged one, and the log carries on from there.
 */
class CorruptionRecoveryTest {

    private static final LogConfig CONFIG =
            LogConfig.defaults().withFsyncPolicy(FsyncPolicy.NEVER).withSegmentBytes(700).withIndexIntervalBytes(64);
    private static final String LOG = "s/shard-0";

    @TempDir
    Path root;

    private Path dir;
    /** Every record's data, by offset. */
    private final List<String> written = new ArrayList<>();
    /** The batches of the active segment: file position where each ends, and the offset after it. */
    private final List<long[]> activeBatches = new ArrayList<>();
    private long activeBase;
    private byte[] original;

    @BeforeEach
    void writeLog() throws Exception {
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            ShardLog log = storage.open(LOG);
            for (int b = 0; b < 14; b++) {
                String[] data = new String[1 + b % 3];
                for (int i = 0; i < data.length; i++) {
                    data[i] = "batch" + b + "-record" + i + "-" + "x".repeat(b);
                }
                log.append(batch(data), 1000 + b);
                written.addAll(Arrays.asList(data));
            }
        }
        dir = root.resolve(LOG);
        TreeSet<String> segments = new TreeSet<>(FileLogStorageTest.fileNames(dir));
        segments.removeIf(name -> !name.endsWith(".log"));
        assertThat(segments).as("the log must have sealed segments too").hasSizeGreaterThan(1);
        String active = segments.last();
        activeBase = Long.parseLong(active.substring(0, 20));
        original = Files.readAllBytes(dir.resolve(active));
        // rebuild the active segment's batch boundaries from the documented format
        long offset = 0;
        long position = 0;
        for (int b = 0; b < 14; b++) {
            int count = 1 + b % 3;
            if (offset >= activeBase) {
                position += batchBytes(batch(written.subList((int) offset, (int) offset + count).toArray(String[]::new)));
                activeBatches.add(new long[] {position, offset + count});
            }
            offset += count;
        }
        assertThat(position).isEqualTo(original.length);
        assertThat(activeBatches).hasSizeGreaterThan(2);
    }

    @Test
    void aTailTornAtAnyByteRecoversExactlyTheIntactBatches() throws Exception {
        for (int length = 0; length <= original.length; length++) {
            Files.write(activeSegment(), Arrays.copyOf(original, length));
            checkRecoversPrefixAndCarriesOn(intactEnd(length), "truncated to " + length);
        }
    }

    @Test
    void randomlyFlippedBytesRecoverExactlyTheBatchesBeforeTheFirstDamage() throws Exception {
        long seed = Long.getLong("freshet.seed", System.nanoTime());
        System.out.println("CorruptionRecoveryTest seed " + seed);
        Random random = new Random(seed);
        for (int trial = 0; trial < 150; trial++) {
            byte[] damaged = original.clone();
            int flips = 1 + random.nextInt(3);
            int first = Integer.MAX_VALUE;
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < flips; i++) {
                int position = random.nextInt(damaged.length);
                damaged[position] ^= (byte) (1 + random.nextInt(255));
                first = Math.min(first, position);
                positions.add(position);
            }
            Files.write(activeSegment(), damaged);
            checkRecoversPrefixAndCarriesOn(intactEnd(first),
                    "seed " + seed + ", trial " + trial + ", flipped " + positions);
            Files.write(activeSegment(), original);
        }
    }

    private void checkRecoversPrefixAndCarriesOn(long expectedEnd, String situation) throws Exception {
        List<String> expected = written.subList(0, (int) expectedEnd);
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            ShardLog log = storage.open(LOG);
            assertThat(log.endOffset()).as(situation).isEqualTo(expectedEnd);
            assertThat(texts(readAll(log))).as(situation).isEqualTo(expected);
            assertThat(log.append(batch("after"), 5000).firstOffset()).as(situation).isEqualTo(expectedEnd);
        }
        try (LogStorage storage = LogStorage.onDisk(root, CONFIG)) {
            ShardLog log = storage.open(LOG);
            ReadBatch all = readAll(log);
            assertThat(all.records()).as(situation).hasSize((int) expectedEnd + 1);
            assertThat(texts(all).get((int) expectedEnd)).as(situation).isEqualTo("after");
        }
        // drop whatever the append added, so the next case starts from the same sealed segments
        for (String name : FileLogStorageTest.fileNames(dir)) {
            if (name.compareTo(String.format("%020d", activeBase)) > 0) {
                Files.delete(dir.resolve(name));
            }
        }
    }

    /** The offset after the last active-segment batch that ends at or before {@code position}. */
    private long intactEnd(long position) {
        long end = activeBase;
        for (long[] batch : activeBatches) {
            if (batch[0] <= position) {
                end = batch[1];
            }
        }
        return end;
    }

    private Path activeSegment() {
        return dir.resolve(String.format("%020d.log", activeBase));
    }
}
