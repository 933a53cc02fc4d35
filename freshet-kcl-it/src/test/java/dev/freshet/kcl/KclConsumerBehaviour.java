package dev.freshet.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.kcl.KclWorker.Retrieval;
import dev.freshet.kcl.Recorder.Delivery;
import dev.freshet.kcl.Writer.Written;
import dev.freshet.testing.FreshetProcess;
import dev.freshet.testing.Polling;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * What a KCL 3 consumer application must be able to rely on, run against Freshet by each retrieval mode (one
 * subclass each): it processes every record written, exactly once; after a restart it resumes right after
 * its checkpoints; and through a split and a merge it loses nothing and keeps each partition key's order.
 *
 * <p>Each subclass has its own Freshet process and DynamoDB Local; each test its own stream and application.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KclConsumerBehaviour {

    /** Bound on how long the KCL may take to process what was written: far above what it needs. */
    private static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(90);
    /** Most records the resharding test writes: some 2 minutes' worth at its pace. */
    private static final int MAX_RESHARD_RECORDS = 16 * 2400;

    private final Retrieval retrieval;
    private FreshetProcess freshet;
    private DynamoDbLocal dynamo;
    private KinesisClient kinesis;

    KclConsumerBehaviour(Retrieval retrieval) {
        this.retrieval = retrieval;
    }

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        // On disk, not --in-memory: only then does the server write the certificate fan-out's TLS must trust.
        freshet = FreshetProcess.start(dataDir, "--fsync", "never", "--create-stream-delay", "0",
                "--update-stream-delay", "200ms", "--delete-stream-delay", "0");
        dynamo = DynamoDbLocal.start();
        kinesis = Clients.kinesis(freshet.endpoint());
    }

    @AfterAll
    void stop() throws Exception {
        try (FreshetProcess f = freshet; DynamoDbLocal d = dynamo; KinesisClient k = kinesis) {
            // closed in reverse order
        }
    }

    private String name(String what) {
        return what + "-" + retrieval.name().toLowerCase().replace('_', '-');
    }

    @Test
    void processesEveryRecordProduced() throws Exception {
        String stream = name("every");
        createStream(stream, 3);
        List<Written> written = new ArrayList<>(Writer.put(kinesis, stream, "early-", 0, 150, i -> "key-" + i % 30));
        Recorder recorder = Recorder.checkpointingEveryBatch();
        try (KclWorker worker = KclWorker.start(freshet, dynamo, stream, stream, retrieval, recorder)) {
            // Records written while the worker runs arrive by its steady-state reads, not its first ones.
            awaitDeliveries(recorder, "the first 150 records", d -> d.size() >= 150);
            written.addAll(Writer.put(kinesis, stream, "late-", 150, 150, i -> "key-" + i % 30));
            awaitDeliveries(recorder, "all 300 records", d -> d.size() >= written.size());

            assertThat(recorder.failures()).isEmpty();
            assertThat(recorder.deliveries()).extracting(KclConsumerBehaviour::identity)
                    .containsExactlyInAnyOrderElementsOf(written.stream().map(KclConsumerBehaviour::identity).toList());
        }
    }

    @Test
    void resumesAfterItsCheckpointWhenRestarted() throws Exception {
        String stream = name("resume");
        createStream(stream, 2);
        List<Written> beforeRestart = Writer.put(kinesis, stream, "before-", 0, 120, i -> "key-" + i % 24);
        Map<String, List<Written>> byShard = byShard(beforeRestart);
        assertThat(byShard).hasSize(2);
        Map<String, String> checkpoints = new LinkedHashMap<>();
        byShard.forEach((shard, records) -> checkpoints.put(shard, records.get(records.size() / 2).sequenceNumber()));

        Recorder first = Recorder.checkpointingOnlyAt(checkpoints);
        try (KclWorker worker = KclWorker.start(freshet, dynamo, stream, stream, retrieval, first)) {
            // Everything is processed but only the middle checkpointed: the rest must come again after a restart.
            awaitDeliveries(first, "every record before the restart", d -> d.size() >= beforeRestart.size());
            Polling.until("checkpoints at " + checkpoints, PROCESSING_TIMEOUT, first::checkpointed,
                    checkpointed -> checkpointed.equals(checkpoints), c -> c + "\n" + diagnostics(first));
            worker.shutDownGracefully();
        }
        List<Written> whileDown = Writer.put(kinesis, stream, "while-down-", 120, 60, i -> "key-" + i % 24);

        Recorder second = Recorder.checkpointingEveryBatch();
        try (KclWorker worker = KclWorker.start(freshet, dynamo, stream, stream, retrieval, second)) {
            List<Written> all = new ArrayList<>(beforeRestart);
            all.addAll(whileDown);
            Map<String, List<String>> expected = new LinkedHashMap<>();
            byShard(all).forEach((shard, records) -> expected.put(shard, records.stream()
                    .filter(r -> sequence(r.sequenceNumber()).compareTo(sequence(checkpoints.get(shard))) > 0)
                    .map(Written::data).toList()));
            int expectedCount = expected.values().stream().mapToInt(List::size).sum();
            awaitDeliveries(second, expectedCount + " records after the checkpoints", d -> d.size() >= expectedCount);

            assertThat(first.failures()).isEmpty();
            assertThat(second.failures()).isEmpty();
            Map<String, List<String>> delivered = new LinkedHashMap<>();
            for (Delivery delivery : second.deliveries()) {
                delivered.computeIfAbsent(delivery.shardId(), s -> new ArrayList<>()).add(delivery.data());
            }
            assertThat(delivered).isEqualTo(expected);
        }
    }

    @Test
    void keepsEveryRecordInKeyOrderThroughSplitAndMerge() throws Exception {
        String stream = name("reshard");
        createStream(stream, 2);
        Recorder recorder = Recorder.checkpointingEveryBatch();
        List<Written> written = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (KclWorker worker = KclWorker.start(freshet, dynamo, stream, stream, retrieval, recorder)) {
            Future<?> writer = pool.submit(() -> {
                // One writer, so each key's records are written, and numbered, in order; bounded, should a
                // wait below never end.
                for (int next = 0; writing.get() && next < MAX_RESHARD_RECORDS; next += 16) {
                    written.addAll(Writer.put(kinesis, stream, "", next, 16, i -> "key-" + i % 16));
                    Thread.sleep(50);
                }
                return null;
            });
            awaitDeliveries(recorder, "records before the split", d -> d.size() >= 100);

            Shard parent = kinesis.listShards(b -> b.streamName(stream)).shards().get(0);
            String middle = new BigInteger(parent.hashKeyRange().startingHashKey())
                    .add(new BigInteger(parent.hashKeyRange().endingHashKey())).shiftRight(1).toString();
            kinesis.splitShard(b -> b.streamName(stream).shardToSplit(parent.shardId()).newStartingHashKey(middle));
            Waits.streamActive(kinesis, stream);
            List<Shard> children = kinesis.listShards(b -> b.streamName(stream)).shards().stream()
                    .filter(s -> parent.shardId().equals(s.parentShardId()))
                    .sorted(Comparator.comparing(s -> new BigInteger(s.hashKeyRange().startingHashKey())))
                    .toList();
            assertThat(children).hasSize(2);
            awaitDeliveries(recorder, "records from both children of the split",
                    d -> children.stream().allMatch(c -> d.stream().anyMatch(x -> x.shardId().equals(c.shardId()))));

            kinesis.mergeShards(b -> b.streamName(stream).shardToMerge(children.get(0).shardId())
                    .adjacentShardToMerge(children.get(1).shardId()));
            Waits.streamActive(kinesis, stream);
            Shard merged = kinesis.listShards(b -> b.streamName(stream)).shards().stream()
                    .filter(s -> children.get(0).shardId().equals(s.parentShardId()))
                    .findFirst().orElseThrow();
            awaitDeliveries(recorder, "records from the merged shard",
                    d -> d.stream().anyMatch(x -> x.shardId().equals(merged.shardId())));

            writing.set(false);
            writer.get(30, TimeUnit.SECONDS);
            awaitDeliveries(recorder, "every record written", d -> d.size() >= written.size());

            assertThat(recorder.failures()).isEmpty();
            assertThat(recorder.endedShards()).contains(parent.shardId(), children.get(0).shardId(),
                    children.get(1).shardId());
            assertThat(orderDifferences(
                    numbersByKey(written.stream().map(w -> Map.entry(w.partitionKey(), w.data()))),
                    numbersByKey(recorder.deliveries().stream().map(d -> Map.entry(d.partitionKey(), d.data())))))
                    .as("per partition key, what was processed against what was written").isEmpty();
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
    }

    private void createStream(String stream, int shards) throws Exception {
        kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        Waits.streamActive(kinesis, stream);
    }

    private List<Delivery> awaitDeliveries(Recorder recorder, String what, Predicate<List<Delivery>> condition)
            throws Exception {
        return Polling.until(what, PROCESSING_TIMEOUT, recorder::deliveries, condition,
                deliveries -> deliveries.size() + " records, by shard "
                        + deliveries.stream().collect(Collectors.groupingBy(Delivery::shardId, TreeMap::new,
                                Collectors.counting()))
                        + "\n" + diagnostics(recorder));
    }

    /** What a failed wait tells besides what it saw: the processors' failures and the server's output. */
    private String diagnostics(Recorder recorder) {
        return "processor failures: " + recorder.failures() + "\nFreshet output:\n" + freshet.output()
                + "(the libraries' own logs are in this test's -output.txt)";
    }

    /** A record as shard, sequence number and data: equal only if the same record came from the same place. */
    private static String identity(Delivery delivery) {
        return delivery.shardId() + "/" + delivery.sequenceNumber() + "/" + delivery.data();
    }

    private static String identity(Written written) {
        return written.shardId() + "/" + written.sequenceNumber() + "/" + written.data();
    }

    private static BigInteger sequence(String sequenceNumber) {
        return new BigInteger(sequenceNumber);
    }

    /** Shard id to its records in sequence-number order. */
    private static Map<String, List<Written>> byShard(List<Written> written) {
        return written.stream()
                .sorted(Comparator.comparing(w -> sequence(w.sequenceNumber())))
                .collect(Collectors.groupingBy(Written::shardId, LinkedHashMap::new, Collectors.toList()));
    }

    /**
     * For each key whose processed numbers differ from its written ones, where they first part and how many
     * were missing or extra: short enough to read when thousands of records went through.
     */
    private static List<String> orderDifferences(Map<String, List<Integer>> written,
            Map<String, List<Integer>> processed) {
        List<String> differences = new ArrayList<>();
        Set<String> keys = new TreeSet<>(written.keySet());
        keys.addAll(processed.keySet());
        for (String key : keys) {
            List<Integer> expected = written.getOrDefault(key, List.of());
            List<Integer> actual = processed.getOrDefault(key, List.of());
            if (expected.equals(actual)) {
                continue;
            }
            int at = 0;
            while (at < expected.size() && at < actual.size() && expected.get(at).equals(actual.get(at))) {
                at++;
            }
            List<Integer> missing = new ArrayList<>(expected);
            actual.forEach(number -> missing.remove(number));
            List<Integer> extra = new ArrayList<>(actual);
            expected.forEach(number -> extra.remove(number));
            differences.add(key + ": " + expected.size() + " written, " + actual.size() + " processed; first "
                    + "difference at #" + at + " (written " + expected.subList(at, Math.min(at + 5, expected.size()))
                    + ", processed " + actual.subList(at, Math.min(at + 5, actual.size())) + "); missing "
                    + missing.size() + " " + missing.subList(0, Math.min(10, missing.size())) + ", extra "
                    + extra.size() + " " + extra.subList(0, Math.min(10, extra.size())));
        }
        return differences;
    }

    /** Partition key to the numbers of its records (the data), in the order given. */
    private static Map<String, List<Integer>> numbersByKey(Stream<Map.Entry<String, String>> records) {
        return records.collect(Collectors.groupingBy(Map.Entry::getKey, LinkedHashMap::new,
                Collectors.mapping(e -> Integer.parseInt(e.getValue()), Collectors.toList())));
    }
}
