package dev.freshet.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small builders for records in tests. */
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
}
