package dev.freshet.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Test-only records shaped like the Kinesis API's, as the api module will define them: plain
 * records, no Jackson annotations, lowerCamel components named after the model's members.
 */
final class TestShapes {

    private TestShapes() {
    }

    enum StreamMode { PROVISIONED, ON_DEMAND }

    enum ShardFilterType { AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP }

    record StreamModeDetails(StreamMode streamMode) {
    }

    record CreateStreamInput(String streamName, Integer shardCount, StreamModeDetails streamModeDetails,
                             Map<String, String> tags) {
        /** A helper that must not leak onto the wire as an "Empty" member. */
        boolean isEmpty() {
            return streamName == null;
        }
    }

    record PutRecordsRequestEntry(byte[] data, String explicitHashKey, String partitionKey) {
    }

    record PutRecordsInput(List<PutRecordsRequestEntry> records, String streamName, String streamARN) {
    }

    record ShardFilter(ShardFilterType type, String shardId, Instant timestamp) {
    }

    record ListShardsInput(String streamName, String nextToken, Integer maxResults,
                           Instant streamCreationTimestamp, ShardFilter shardFilter) {
    }

    record RecordOut(String sequenceNumber, Instant approximateArrivalTimestamp, byte[] data, String partitionKey) {
    }

    record GetRecordsOutput(List<RecordOut> records, String nextShardIterator, Long millisBehindLatest) {
    }

    record DescribeStreamSummaryInput(String streamName, String streamARN) {
    }

    record DeleteStreamInput(String streamName, Boolean enforceConsumerDeletion) {
    }
}
