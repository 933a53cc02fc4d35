package dev.freshet.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import dev.freshet.kcl.Recorder.Delivery;
import dev.freshet.testing.FreshetProcess;
import dev.freshet.testing.Polling;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.producer.KinesisProducer;
import software.amazon.kinesis.producer.KinesisProducerConfiguration;
import software.amazon.kinesis.producer.UserRecordFailedException;
import software.amazon.kinesis.producer.UserRecordResult;

/**
 * The Kinesis Producer Library 1.x, unchanged (its native daemon, aggregating, over TLS with the server's
 * certificate trusted), writes many small user records under many partition keys to a stream of several
 * shards, which needs ListShards and a shard map that agrees with the server's routing by hash key; a KCL
 * consumer then reads the aggregated records back and de-aggregates them: every user record the KPL
 * acknowledged arrives exactly once, from the shard and at the sequence number the KPL was told.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KplAggregationTest {

    private static final String STREAM = "kpl-aggregated";
    private static final int SHARDS = 4;
    private static final int USER_RECORDS = 2_000;
    private static final int PARTITION_KEYS = 200;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private FreshetProcess freshet;
    private DynamoDbLocal dynamo;
    private KinesisClient kinesis;
    private Path dataDir;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        this.dataDir = dataDir;
        // On disk, not --in-memory: only then does the server write the certificate the KPL must trust.
        freshet = FreshetProcess.start(dataDir, "--fsync", "never", "--create-stream-delay", "0");
        dynamo = DynamoDbLocal.start();
        kinesis = Clients.kinesis(freshet.endpoint());
    }

    @AfterAll
    void stop() throws Exception {
        try (FreshetProcess f = freshet; DynamoDbLocal d = dynamo; KinesisClient k = kinesis) {
            // closed in reverse order
        }
    }

    @Test
    void everyUserRecordTheKplAcknowledgesIsReadOnceByTheKcl() throws Exception {
        kinesis.createStream(b -> b.streamName(STREAM).shardCount(SHARDS));
        Waits.streamActive(kinesis, STREAM);

        Map<String, UserRecordResult> acknowledged = produce();

        Recorder recorder = Recorder.checkpointingEveryBatch();
        try (KclWorker worker = KclWorker.start(freshet, dynamo, STREAM, "kpl-reader", KclWorker.Retrieval.POLLING,
                recorder)) {
            List<Delivery> deliveries = Polling.until(USER_RECORDS + " user records", TIMEOUT, recorder::deliveries,
                    d -> d.size() >= USER_RECORDS,
                    d -> d.size() + " user records; processor failures: " + recorder.failures()
                            + "\nFreshet output:\n" + freshet.output());

            assertThat(recorder.failures()).isEmpty();
            assertThat(deliveries).extracting(Delivery::data)
                    .containsExactlyInAnyOrderElementsOf(acknowledged.keySet());
            for (Delivery delivery : deliveries) {
                UserRecordResult result = acknowledged.get(delivery.data());
                assertThat(delivery.shardId() + "@" + delivery.sequenceNumber()).as(delivery.data())
                        .isEqualTo(result.getShardId() + "@" + result.getSequenceNumber());
            }
            // Aggregation really happened: user records share Kinesis records (one that would hold a single user
            // record the KPL sends plain), told apart there by sub-sequence number.
            Map<String, List<Delivery>> byKinesisRecord = deliveries.stream()
                    .collect(Collectors.groupingBy(Delivery::sequenceNumber));
            assertThat(byKinesisRecord).hasSizeLessThan(USER_RECORDS / 10);
            byKinesisRecord.values().stream().filter(shared -> shared.size() > 1).forEach(shared ->
                    assertThat(shared).allMatch(Delivery::aggregated)
                            .extracting(Delivery::subSequenceNumber).doesNotHaveDuplicates());
        }
    }

    /**
     * Puts the user records through the KPL and waits for every one to be acknowledged; checks each landed in
     * the shard whose hash key range holds its partition key's hash. Returns data to result.
     */
    private Map<String, UserRecordResult> produce() throws Exception {
        KinesisProducer producer = new KinesisProducer(kplConfiguration());
        Map<String, ListenableFuture<UserRecordResult>> futures = new LinkedHashMap<>();
        Map<String, String> keys = new HashMap<>();
        try {
            // The KPL sends what it is given before it has its shard map one record per Kinesis record, so the
            // first record goes alone and is waited for; all the others can then be aggregated.
            for (int i = 0; i < USER_RECORDS; i++) {
                String key = "key-" + i % PARTITION_KEYS;
                keys.put(data(i), key);
                futures.put(data(i), producer.addUserRecord(STREAM, key,
                        ByteBuffer.wrap(data(i).getBytes(StandardCharsets.UTF_8))));
                if (i == 0) {
                    futures.get(data(0)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            producer.flush();
            Map<String, UserRecordResult> results = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            for (Map.Entry<String, ListenableFuture<UserRecordResult>> entry : futures.entrySet()) {
                try {
                    results.put(entry.getKey(), entry.getValue().get(
                            Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (ExecutionException e) {
                    failures.add(entry.getKey() + ": " + describe(e.getCause()));
                }
            }
            assertThat(failures).as("user records the KPL failed to put").isEmpty();
            assertThat(results.values()).allMatch(UserRecordResult::isSuccessful);

            Map<String, Shard> shards = kinesis.listShards(b -> b.streamName(STREAM)).shards().stream()
                    .collect(Collectors.toMap(Shard::shardId, s -> s));
            assertThat(shards).hasSize(SHARDS);
            for (Map.Entry<String, UserRecordResult> result : results.entrySet()) {
                Shard shard = shards.get(result.getValue().getShardId());
                BigInteger hash = md5(keys.get(result.getKey()));
                assertThat(hash).as("hash key of %s in %s", keys.get(result.getKey()), shard.shardId())
                        .isBetween(new BigInteger(shard.hashKeyRange().startingHashKey()),
                                new BigInteger(shard.hashKeyRange().endingHashKey()));
            }
            return results;
        } finally {
            producer.destroy();
        }
    }

    /**
     * The KPL's settings for Freshet: its endpoint and port (the daemon always speaks HTTPS), trusting the
     * server's self-signed certificate, with CloudWatch metrics off and CloudWatch and STS pointed at the same
     * server, so that nothing is ever sent anywhere else.
     */
    private KinesisProducerConfiguration kplConfiguration() throws Exception {
        Path kplDir = Files.createDirectories(Path.of("target", "kpl")).toAbsolutePath();
        int port = freshet.endpoint().getPort();
        return new KinesisProducerConfiguration()
                .setRegion(Clients.REGION.id())
                .setCredentialsProvider(Clients.CREDENTIALS)
                .setKinesisEndpoint("localhost")
                .setKinesisPort(port)
                .setVerifyCertificate(true)
                .setCaCertFile(dataDir.resolve("freshet-cert.pem").toString())
                .setCloudwatchEndpoint("localhost")
                .setCloudwatchPort(port)
                .setStsEndpoint("localhost")
                .setStsPort(port)
                .setMetricsLevel("none")
                .setAggregationEnabled(true)
                .setRecordMaxBufferedTime(200)
                .setLogLevel("warning")
                .setTempDirectory(kplDir.toString());
    }

    private static String data(int i) {
        return "user-record-" + i;
    }

    private static String describe(Throwable failure) {
        if (failure instanceof UserRecordFailedException failed) {
            return failed.getResult().getAttempts().stream()
                    .map(a -> a.getErrorCode() + ": " + a.getErrorMessage()).toList().toString();
        }
        return String.valueOf(failure);
    }

    private static BigInteger md5(String partitionKey) throws Exception {
        return new BigInteger(1, MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
    }
}
