package dev.freshet.flink;

import dev.freshet.testing.Polling;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The tests' own view of the server, through the plain AWS SDK for Java v2 over HTTP/1.1: it creates
 * the streams, writes what a source must read and reads back what a sink wrote, independently of the
 * connector and its shaded SDKs.
 */
final class Kinesis implements AutoCloseable {

    /** Twelve digits: the server takes it as the account id, for the connector and this client alike. */
    static final String ACCESS_KEY_ID = "123456789012";
    static final String SECRET_KEY = "secret";
    static final String REGION = "us-east-1";

    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(15);
    /** Far more than the tests' few thousand records need, at up to 10,000 records a call. */
    private static final int MAX_GET_RECORDS_CALLS = 1000;

    private final KinesisClient client;

    Kinesis(URI endpoint) {
        client = KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_KEY)))
                .httpClient(ApacheHttpClient.builder().build())
                .overrideConfiguration(b -> b.apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    /** Creates {@code stream} with {@code shards} shards, waits until it is ACTIVE; returns its shard ids. */
    List<String> createStream(String stream, int shards) throws Exception {
        client.createStream(b -> b.streamName(stream).shardCount(shards));
        Polling.until(stream + " ACTIVE", ACTIVE_TIMEOUT,
                () -> client.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                        .streamStatus(),
                status -> status == StreamStatus.ACTIVE);
        return client.listShards(b -> b.streamName(stream)).shards().stream().map(Shard::shardId).toList();
    }

    /** {@code "<prefix>-0"} to {@code "<prefix>-<count - 1>"}: records' data, each distinct. */
    static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    /**
     * Writes each of {@code data} as one record whose partition key is the data itself, so the records
     * spread over the shards; retries what the server did not take.
     */
    void put(String stream, List<String> data) throws Exception {
        List<PutRecordsRequestEntry> pending = data.stream()
                .map(d -> PutRecordsRequestEntry.builder().partitionKey(d).data(SdkBytes.fromUtf8String(d)).build())
                .toList();
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt == 5) {
                throw new AssertionError("PutRecords kept failing for " + pending.size() + " records");
            }
            List<PutRecordsRequestEntry> failed = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += 500) {
                List<PutRecordsRequestEntry> batch = pending.subList(from, Math.min(from + 500, pending.size()));
                PutRecordsResponse response = client.putRecords(b -> b.streamName(stream).records(batch));
                for (int i = 0; i < batch.size(); i++) {
                    if (response.records().get(i).errorCode() != null) {
                        failed.add(batch.get(i));
                    }
                }
            }
            pending = failed;
        }
    }

    /**
     * Every record of every shard of {@code stream} as {@code "<shardId> <data>"} (as {@link ShardTagged}
     * makes them), from the trim horizon to the tip, by GetRecords. A shard is read until an answer is
     * empty and zero milliseconds behind its tip.
     */
    List<String> readAll(String stream) {
        List<String> data = new ArrayList<>();
        for (Shard shard : client.listShards(b -> b.streamName(stream)).shards()) {
            String iterator = client.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            for (int calls = 0; iterator != null; calls++) {
                if (calls == MAX_GET_RECORDS_CALLS) {
                    throw new AssertionError(shard.shardId() + " of " + stream + " not read to its tip in "
                            + calls + " GetRecords calls; read so far: " + data.size());
                }
                String current = iterator;
                GetRecordsResponse response = client.getRecords(b -> b.shardIterator(current));
                response.records().stream().map(Record::data)
                        .map(bytes -> shard.shardId() + " " + bytes.asUtf8String()).forEach(data::add);
                if (response.records().isEmpty() && response.millisBehindLatest() == 0) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        return data;
    }

    String streamArn(String stream) {
        return client.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamARN();
    }

    /** The consumers registered on {@code stream}, as {@code name=STATUS}. */
    List<String> consumers(String stream) {
        String arn = streamArn(stream);
        return client.listStreamConsumers(b -> b.streamARN(arn)).consumers().stream()
                .map((Consumer c) -> c.consumerName() + "=" + c.consumerStatusAsString())
                .toList();
    }

    @Override
    public void close() {
        client.close();
    }
}
