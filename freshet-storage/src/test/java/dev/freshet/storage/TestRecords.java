package dev.freshet.storage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small builders for records, batches and segments in tests. */
final class TestRecords {

    private TestRecords() {}

    static NewRecord record(String key, String data) {
        return new NewRecord(key, data.getBytes(StandardCharsets.UTF_8));
    }

    static List<NewRecord> batch(String... data) {
        List<NewRecord> records = new ArrayList<>();
        for (String d : data) {
            records.add(record("k", d));
        }
        return records;
    }

    /** One record whose key is "k" and data is {@code dataBytes} bytes: 50 bytes on disk when 10. */
    static List<NewRecord> sized(int dataBytes) {
        return List.of(new NewRecord("k", new byte[dataBytes]));
    }

    static String text(StoredRecord record) {
        return new String(record.data(), StandardCharsets.UTF_8);
    }

    static List<String> texts(ReadBatch batch) {
        return batch.records().stream().map(TestRecords::text).toList();
    }

    static List<Long> offsets(ReadBatch batch) {
        return batch.records().stream().map(StoredRecord::offset).toList();
    }

    /** Reads everything from the start of the log. */
    static ReadBatch readAll(ShardLog log) throws Exception {
        return log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    /** The on-disk size of a batch of these records, computed from the documented format. */
    static long batchBytes(List<NewRecord> records) {
        long size = 33;
        for (NewRecord r : records) {
            size += 6 + r.partitionKey().getBytes(StandardCharsets.UTF_8).length + r.data().length;
        }
        return size;
    }

    /**
     * A one-record batch with key "k", encoded and stamped with {@code baseOffset} and arrival time 1 as
     * {@link ActiveSegment#append} takes it, in a buffer of its own: 40 + data bytes.
     */
    static ByteBuffer stamped(String data, long baseOffset) {
        ByteBuffer encoded = RecordBatch.encode(batch(data));
        ByteBuffer copy = ByteBuffer.allocate(encoded.limit());
        copy.put(encoded).flip();
        ScratchBuffers.giveBack(ScratchBuffers.Use.WRITE, encoded);
        RecordBatch.stamp(copy, baseOffset, 1);
        return copy;
    }

    /**
     * An empty active segment under a forcing policy whose every fsync fails: it writes to /dev/null, whose
     * fsync fails with EINVAL on Linux, standing in for a disk error. Skips the test elsewhere.
     */
    static ActiveSegment failingToForce(OpenFiles files) throws IOException {
        assumeTrue(Files.isWritable(Path.of("/dev/null")) && System.getProperty("os.name").startsWith("Linux"),
                "fsync of /dev/null fails with EINVAL on Linux, which stands in for a disk error");
        SegmentScan empty = new SegmentScan(0, 0, Long.MIN_VALUE, new IndexEntries.Builder(0), null);
        return ActiveSegment.resume(Path.of("/dev/null"), 0, empty, files, true);
    }
}
