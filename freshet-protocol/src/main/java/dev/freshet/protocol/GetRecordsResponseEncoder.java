package dev.freshet.protocol;

import dev.freshet.api.ChildShard;
import dev.freshet.api.GetRecordsResponse;
import dev.freshet.api.HashKeyRange;
import dev.freshet.api.StreamRecord;
import java.io.IOException;
import java.util.List;

/**
 * The members of a {@link GetRecordsResponse}, in the order and with the omissions of the generic
 * mapper, written to an {@link AnswerOut} (see {@link StreamingResponseEncoder} for why and for the
 * contract).
 *
 * <p>Wire format, members in the records' component order, null members left out:
 * <pre>{@code
 * {"Records":[{"SequenceNumber":"4959…","ApproximateArrivalTimestamp":1700000000.123,
 *              "Data":"AQID","PartitionKey":"pk","EncryptionType":"NONE"}],
 *  "NextShardIterator":"…","MillisBehindLatest":0,
 *  "ChildShards":[{"ShardId":"shardId-000000000002","ParentShards":["shardId-000000000000"],
 *                  "HashKeyRange":{"StartingHashKey":"0","EndingHashKey":"1701…"}}]}
 * }</pre>
 * In JSON exactly that text, without spaces: {@code Data} in standard padded base64, the timestamp
 * as epoch seconds with up to three decimals and no trailing zeros ({@link InstantCodecs}). In CBOR
 * the same tree: every object an indefinite-length map ({@code 0xBF} … {@code 0xFF}) with text-string
 * keys, every list a definite-length array, {@code Data} a byte string, the timestamp tag 1 then
 * integral epoch milliseconds, numbers as integers in their shortest form. A null element in any
 * list is declined (Jackson writes it as a null).
 *
 * <p>Stateless and thread-safe.
 */
final class GetRecordsResponseEncoder {

    private static final MemberName RECORDS = new MemberName("Records");
    private static final MemberName NEXT_SHARD_ITERATOR = new MemberName("NextShardIterator");
    private static final MemberName MILLIS_BEHIND_LATEST = new MemberName("MillisBehindLatest");
    private static final MemberName CHILD_SHARDS = new MemberName("ChildShards");
    private static final MemberName SEQUENCE_NUMBER = new MemberName("SequenceNumber");
    private static final MemberName ARRIVAL = new MemberName("ApproximateArrivalTimestamp");
    private static final MemberName DATA = new MemberName("Data");
    private static final MemberName PARTITION_KEY = new MemberName("PartitionKey");
    private static final MemberName ENCRYPTION_TYPE = new MemberName("EncryptionType");
    private static final MemberName SHARD_ID = new MemberName("ShardId");
    private static final MemberName PARENT_SHARDS = new MemberName("ParentShards");
    private static final MemberName HASH_KEY_RANGE = new MemberName("HashKeyRange");
    private static final MemberName STARTING_HASH_KEY = new MemberName("StartingHashKey");
    private static final MemberName ENDING_HASH_KEY = new MemberName("EndingHashKey");

    private GetRecordsResponseEncoder() {
    }

    static void write(AnswerOut out, GetRecordsResponse response) throws IOException {
        out.startObject(response);
        List<StreamRecord> records = response.records();
        if (records != null) {
            out.name(RECORDS);
            out.startArray(records, records.size());
            for (StreamRecord record : records) {
                writeRecord(out, record);
            }
            out.endArray();
        }
        out.stringMember(NEXT_SHARD_ITERATOR, response.nextShardIterator());
        if (response.millisBehindLatest() != null) {
            out.name(MILLIS_BEHIND_LATEST);
            out.number(response.millisBehindLatest().longValue());
        }
        List<ChildShard> childShards = response.childShards();
        if (childShards != null) {
            out.name(CHILD_SHARDS);
            out.startArray(childShards, childShards.size());
            for (ChildShard child : childShards) {
                writeChildShard(out, child);
            }
            out.endArray();
        }
        out.endObject();
    }

    private static void writeRecord(AnswerOut out, StreamRecord record) throws IOException {
        if (record == null) {
            throw FastPathDeclined.INSTANCE;
        }
        out.startObject(record);
        out.stringMember(SEQUENCE_NUMBER, record.sequenceNumber());
        if (record.approximateArrivalTimestamp() != null) {
            out.name(ARRIVAL);
            out.timestamp(record.approximateArrivalTimestamp());
        }
        if (record.data() != null) {
            out.name(DATA);
            out.binary(record.data());
        }
        out.stringMember(PARTITION_KEY, record.partitionKey());
        if (record.encryptionType() != null) {
            out.name(ENCRYPTION_TYPE);
            out.string(record.encryptionType().name());
        }
        out.endObject();
    }

    private static void writeChildShard(AnswerOut out, ChildShard child) throws IOException {
        if (child == null) {
            throw FastPathDeclined.INSTANCE;
        }
        out.startObject(child);
        out.stringMember(SHARD_ID, child.shardId());
        List<String> parents = child.parentShards();
        if (parents != null) {
            out.name(PARENT_SHARDS);
            out.startArray(parents, parents.size());
            for (String parent : parents) {
                if (parent == null) {
                    throw FastPathDeclined.INSTANCE;
                }
                out.string(parent);
            }
            out.endArray();
        }
        HashKeyRange range = child.hashKeyRange();
        if (range != null) {
            out.name(HASH_KEY_RANGE);
            out.startObject(range);
            out.stringMember(STARTING_HASH_KEY, range.startingHashKey());
            out.stringMember(ENDING_HASH_KEY, range.endingHashKey());
            out.endObject();
        }
        out.endObject();
    }
}
