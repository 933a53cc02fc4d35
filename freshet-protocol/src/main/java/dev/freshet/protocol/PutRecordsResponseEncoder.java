package dev.freshet.protocol;

import dev.freshet.api.PutRecordsResponse;
import dev.freshet.api.PutRecordsResultEntry;
import java.io.IOException;
import java.util.List;

/**
 * The members of a {@link PutRecordsResponse}, in the order and with the omissions of the generic
 * mapper, written to an {@link AnswerOut} (see {@link StreamingResponseEncoder} for why and for the
 * contract).
 *
 * <p>Wire format, members in the records' component order, null members left out:
 * <pre>{@code
 * {"FailedRecordCount":0,
 *  "Records":[{"SequenceNumber":"4959…","ShardId":"shardId-000000000000"},
 *             {"ErrorCode":"ProvisionedThroughputExceededException","ErrorMessage":"…"}],
 *  "EncryptionType":"NONE"}
 * }</pre>
 * In JSON exactly that text, without spaces. In CBOR the same tree: every object an indefinite-length
 * map ({@code 0xBF} … {@code 0xFF}) with text-string keys, {@code Records} a definite-length array,
 * {@code FailedRecordCount} an integer in its shortest form, strings and the enum as text strings.
 * A null entry in {@code Records} is declined (Jackson writes it as a null).
 *
 * <p>Stateless and thread-safe.
 */
final class PutRecordsResponseEncoder {

    private static final MemberName FAILED_RECORD_COUNT = new MemberName("FailedRecordCount");
    private static final MemberName RECORDS = new MemberName("Records");
    private static final MemberName ENCRYPTION_TYPE = new MemberName("EncryptionType");
    private static final MemberName SEQUENCE_NUMBER = new MemberName("SequenceNumber");
    private static final MemberName SHARD_ID = new MemberName("ShardId");
    private static final MemberName ERROR_CODE = new MemberName("ErrorCode");
    private static final MemberName ERROR_MESSAGE = new MemberName("ErrorMessage");

    private PutRecordsResponseEncoder() {
    }

    static void write(AnswerOut out, PutRecordsResponse response) throws IOException {
        out.startObject(response);
        if (response.failedRecordCount() != null) {
            out.name(FAILED_RECORD_COUNT);
            out.number(response.failedRecordCount().intValue());
        }
        List<PutRecordsResultEntry> records = response.records();
        if (records != null) {
            out.name(RECORDS);
            out.startArray(records, records.size());
            for (PutRecordsResultEntry entry : records) {
                writeEntry(out, entry);
            }
            out.endArray();
        }
        if (response.encryptionType() != null) {
            out.name(ENCRYPTION_TYPE);
            out.string(response.encryptionType().name());
        }
        out.endObject();
    }

    private static void writeEntry(AnswerOut out, PutRecordsResultEntry entry) throws IOException {
        if (entry == null) {
            throw FastPathDeclined.INSTANCE;
        }
        out.startObject(entry);
        out.stringMember(SEQUENCE_NUMBER, entry.sequenceNumber());
        out.stringMember(SHARD_ID, entry.shardId());
        out.stringMember(ERROR_CODE, entry.errorCode());
        out.stringMember(ERROR_MESSAGE, entry.errorMessage());
        out.endObject();
    }
}
