package dev.freshet.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The load generator's client through the AWS SDK for Java v2 (synchronous client, Apache HTTP client),
 * as an application would use it. JSON or CBOR is chosen the SDK's own way, by the system property
 * {@code aws.cborEnabled}, which the SDK reads when the client is built; so this constructor sets it.
 * Retries are off, so that every failure is counted and no retried request can plant a duplicate the
 * drain would then blame on the server.
 *
 * <p>Thread-safe: the SDK client is.
 */
final class SdkKinesis implements Kinesis {

    private final KinesisClient client;

    SdkKinesis(URI endpoint, WireEncoding encoding, String region, String accessKey, Duration requestTimeout,
            int maxConnections) {
        System.setProperty("aws.cborEnabled", Boolean.toString(encoding == WireEncoding.CBOR));
        this.client = KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKey, "freshet-bench-secret")))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(maxConnections)
                        .socketTimeout(requestTimeout)
                        .connectionTimeout(requestTimeout))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(requestTimeout))
                .build();
    }

    @Override
    public String label() {
        return "sdk";
    }

    @Override
    public void createStream(String stream, int shardCount) {
        run("CreateStream", () -> client.createStream(b -> b.streamName(stream).shardCount(shardCount)));
    }

    @Override
    public String streamStatus(String stream) {
        return run("DescribeStream", () -> client.describeStream(b -> b.streamName(stream).limit(1))
                .streamDescription().streamStatusAsString());
    }

    @Override
    public List<String> shardIds(String stream) {
        List<String> ids = new ArrayList<>();
        String token = null;
        for (int page = 0; page < 10_000; page++) {
            String next = token;
            ListShardsResponse answer = run("ListShards", () -> client.listShards(b -> {
                if (next == null) {
                    b.streamName(stream);
                } else {
                    b.nextToken(next);
                }
                b.maxResults(1000);
            }));
            for (Shard shard : answer.shards()) {
                ids.add(shard.shardId());
            }
            token = answer.nextToken();
            if (token == null || answer.shards().isEmpty()) {
                return ids;
            }
        }
        throw new IllegalStateException("ListShards of " + stream + " did not end after 10,000 pages");
    }

    @Override
    public void deleteStream(String stream) {
        run("DeleteStream", () -> client.deleteStream(b -> b.streamName(stream)));
    }

    @Override
    public PutOutcome putRecords(String stream, List<OutgoingRecord> records) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(records.size());
        for (OutgoingRecord record : records) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(record.partitionKey())
                    .explicitHashKey(record.explicitHashKey())
                    .data(SdkBytes.fromByteArrayUnsafe(record.data()))
                    .build());
        }
        PutRecordsResponse answer = run("PutRecords", () -> client.putRecords(b -> b.streamName(stream).records(entries)));
        BitSet rejected = new BitSet(records.size());
        List<PutRecordsResultEntry> results = answer.records();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).errorCode() != null) {
                rejected.set(i);
            }
        }
        return new PutOutcome(records.size(), rejected);
    }

    @Override
    public void putRecord(String stream, OutgoingRecord record) {
        run("PutRecord", () -> client.putRecord(b -> b.streamName(stream).partitionKey(record.partitionKey())
                .explicitHashKey(record.explicitHashKey()).data(SdkBytes.fromByteArrayUnsafe(record.data()))));
    }

    @Override
    public String shardIterator(String stream, String shardId, String iteratorType) {
        return run("GetShardIterator", () -> client.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(iteratorType)).shardIterator());
    }

    @Override
    public RecordsPage getRecords(String shardIterator, int limit) {
        GetRecordsResponse answer = run("GetRecords", () -> client.getRecords(b -> b.shardIterator(shardIterator)
                .limit(limit)));
        List<byte[]> data = new ArrayList<>(answer.records().size());
        for (Record record : answer.records()) {
            data.add(record.data().asByteArrayUnsafe());
        }
        return new RecordsPage(data, answer.nextShardIterator(), answer.millisBehindLatest());
    }

    @Override
    public void close() {
        client.close();
    }

    private interface Call<T> {
        T run();
    }

    private static <T> T run(String operation, Call<T> call) {
        try {
            return call.run();
        } catch (AwsServiceException e) {
            String type = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return rethrow(operation, type == null ? "UnknownError" : type, e.statusCode(), e);
        } catch (SdkException e) {
            return rethrow(operation, e.getClass().getSimpleName(), 0, e);
        }
    }

    private static <T> T rethrow(String operation, String type, int status, Exception e) {
        throw new KinesisCallException(operation, type, status, e.getMessage(), e);
    }
}
