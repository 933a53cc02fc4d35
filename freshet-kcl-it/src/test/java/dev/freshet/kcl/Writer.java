package dev.freshet.kcl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/** Writes records with PutRecords and remembers where each one landed. Stateless, so thread-safe. */
final class Writer {

    /** A record the server acknowledged, and where it put it. */
    record Written(String partitionKey, String data, String shardId, String sequenceNumber) {}

    private Writer() {}

    /**
     * Puts {@code count} records in one PutRecords call, record {@code i} with partition key
     * {@code keyOf(first + i)} and data {@code prefix + (first + i)}: data are unique across calls that use
     * different numbers. Fails if the server refuses any of them.
     */
    static List<Written> put(KinesisClient kinesis, String stream, String prefix, int first, int count,
            IntFunction<String> keyOf) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(keyOf.apply(i))
                    .data(SdkBytes.fromUtf8String(prefix + i))
                    .build());
        }
        PutRecordsResponse response = kinesis.putRecords(b -> b.streamName(stream).records(entries));
        if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
            throw new AssertionError("PutRecords refused " + response.failedRecordCount() + " records: "
                    + response.records());
        }
        List<Written> written = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            PutRecordsResultEntry result = response.records().get(i);
            written.add(new Written(entries.get(i).partitionKey(), entries.get(i).data().asUtf8String(),
                    result.shardId(), result.sequenceNumber()));
        }
        return written;
    }
}
