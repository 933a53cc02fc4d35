package dev.freshet.bench;

import java.util.List;

/**
 * The few Kinesis operations the load generator needs, behind one interface so that every phase runs
 * unchanged over the AWS SDK ({@link SdkKinesis}) or over hand-built requests ({@link RawKinesis}).
 *
 * <p>Implementations are thread-safe: one instance is shared by all the threads of a phase. Every call
 * is synchronous and bounded by the client's request timeout. Service errors surface as
 * {@link KinesisCallException}.
 */
interface Kinesis extends AutoCloseable {

    /** The name reports give this client, e.g. {@code raw} or {@code sdk}. */
    String label();

    void createStream(String stream, int shardCount);

    /** The stream's status as DescribeStream reports it ({@code CREATING}, {@code ACTIVE}, ...). */
    String streamStatus(String stream);

    /** The ids of every shard of the stream, in the server's order. */
    List<String> shardIds(String stream);

    void deleteStream(String stream);

    /** One PutRecords call; records the service rejected are marked in the outcome, not thrown. */
    PutOutcome putRecords(String stream, List<OutgoingRecord> records);

    /** One PutRecord call; a rejection is thrown. */
    void putRecord(String stream, OutgoingRecord record);

    /** GetShardIterator of the given type without a starting point ({@code TRIM_HORIZON} or {@code LATEST}). */
    String shardIterator(String stream, String shardId, String iteratorType);

    RecordsPage getRecords(String shardIterator, int limit);

    @Override
    void close();
}
