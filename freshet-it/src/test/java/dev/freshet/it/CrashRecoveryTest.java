package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.testing.FreshetProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Durability: writers put records concurrently, the server is killed with SIGKILL mid-stream and
 * restarted on the same data directory; every acknowledged record must come back exactly once, in
 * order, with the sequence number it was acknowledged with.
 */
class CrashRecoveryTest {

    private static final String STREAM = "crash";
    private static final int WRITERS = 4;

    @TempDir
    Path dataDir;

    private final AtomicBoolean killing = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();

    private record Acked(String shardId, String sequenceNumber, String payload) {}

    @Test
    void everyAcknowledgedRecordSurvivesSigkillExactlyOnceInOrder() throws Exception {
        ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
        try (FreshetProcess server = FreshetProcess.start(dataDir, "--create-stream-delay", "0", "--fsync", "always")) {
            try (KinesisClient client = Clients.sync(server.endpoint(), null)) {
                client.createStream(b -> b.streamName(STREAM).shardCount(3));
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger total = new AtomicInteger();
                CountDownLatch enough = new CountDownLatch(1);
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    Thread thread = new Thread(() -> write(server, writer, stop, total, enough, acked), "writer-" + w);
                    thread.start();
                    writers.add(thread);
                }
                enough.await();
                killing.set(true);
                server.kill();
                stop.set(true);
                for (Thread thread : writers) {
                    thread.join(60_000);
                }
            }
        }
        assertThat(unexpected).as("failures before the kill").isEmpty();
        assertThat(acked).hasSizeGreaterThan(500);

        try (FreshetProcess restarted = FreshetProcess.start(dataDir);
                KinesisClient client = Clients.sync(restarted.endpoint(), null)) {
            Map<String, List<Record>> stored = new HashMap<>();
            for (String shard : List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000002")) {
                stored.put(shard, readAll(client, shard));
            }
            Map<String, Integer> occurrences = new HashMap<>();
            Map<String, String> storedSequence = new HashMap<>();
            for (Map.Entry<String, List<Record>> shard : stored.entrySet()) {
                String previous = "";
                for (Record record : shard.getValue()) {
                    assertThat(record.sequenceNumber()).isGreaterThan(previous);
                    previous = record.sequenceNumber();
                    String payload = record.data().asUtf8String();
                    occurrences.merge(payload, 1, Integer::sum);
                    storedSequence.put(payload, shard.getKey() + "/" + record.sequenceNumber());
                }
            }
            for (Acked record : acked) {
                assertThat(occurrences.get(record.payload())).as("occurrences of %s", record.payload()).isEqualTo(1);
                assertThat(storedSequence.get(record.payload()))
                        .isEqualTo(record.shardId() + "/" + record.sequenceNumber());
            }
            PutRecordResponse after = client.putRecord(b -> b.streamName(STREAM).partitionKey("after")
                    .data(SdkBytes.fromUtf8String("after")));
            String lastBefore = stored.get(after.shardId()).isEmpty() ? ""
                    : stored.get(after.shardId()).get(stored.get(after.shardId()).size() - 1).sequenceNumber();
            assertThat(after.sequenceNumber()).isGreaterThan(lastBefore);
        }
    }

    /** Puts until stopped; a put that fails after the kill is simply not acknowledged. */
    private void write(FreshetProcess server, int writer, AtomicBoolean stop, AtomicInteger total,
            CountDownLatch enough, ConcurrentLinkedQueue<Acked> acked) {
        try (KinesisClient client = Clients.sync(server.endpoint(), null)) {
            for (int i = 0; !stop.get() && i < 1_000_000; i++) {
                try {
                    if (i % 2 == 0) {
                        String payload = "w" + writer + "-single-" + i;
                        PutRecordResponse response = client.putRecord(b -> b.streamName(STREAM)
                                .partitionKey(payload).data(SdkBytes.fromUtf8String(payload)));
                        acked.add(new Acked(response.shardId(), response.sequenceNumber(), payload));
                    } else {
                        List<PutRecordsRequestEntry> entries = new ArrayList<>();
                        for (int j = 0; j < 20; j++) {
                            String payload = "w" + writer + "-batch-" + i + "-" + j;
                            entries.add(PutRecordsRequestEntry.builder().partitionKey(payload)
                                    .data(SdkBytes.fromByteArray(payload.getBytes(StandardCharsets.UTF_8))).build());
                        }
                        PutRecordsResponse response = client.putRecords(b -> b.streamName(STREAM).records(entries));
                        for (int j = 0; j < entries.size(); j++) {
                            var result = response.records().get(j);
                            if (result.errorCode() == null) {
                                acked.add(new Acked(result.shardId(), result.sequenceNumber(),
                                        entries.get(j).data().asUtf8String()));
                            }
                        }
                    }
                    if (total.incrementAndGet() >= 200) {
                        enough.countDown();
                    }
                } catch (RuntimeException failure) {
                    if (!killing.get()) {
                        unexpected.add(failure);
                    }
                    enough.countDown();
                    return;
                }
            }
        }
    }

    private static List<Record> readAll(KinesisClient client, String shard) {
        List<Record> records = new ArrayList<>();
        String iterator = client.getShardIterator(b -> b.streamName(STREAM).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        for (int page = 0; page < 10_000; page++) {
            GetRecordsResponse response = client.getRecords(
                    GetRecordsRequest.builder().shardIterator(iterator).build());
            records.addAll(response.records());
            if (response.records().isEmpty()) {
                return records;
            }
            iterator = response.nextShardIterator();
        }
        throw new IllegalStateException("shard " + shard + " did not drain");
    }
}
