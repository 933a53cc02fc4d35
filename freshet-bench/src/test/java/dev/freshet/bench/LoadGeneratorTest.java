package dev.freshet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.server.FreshetServer;
import dev.freshet.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every phase of the load generator, tiny and bounded, against an in-memory Freshet in this JVM,
 * over both clients and both encodings, and checks what the phases report: that reading back finds every
 * acknowledged record exactly once, and that the verifier does report a planted missing record and a
 * planted duplicate. Nothing here asserts on time.
 */
class LoadGeneratorTest {

    private static final int RECORDS = 2000;

    private static FreshetServer server;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    @BeforeAll
    static void startServer() throws Exception {
        server = FreshetServer.start(ServerConfig.fromFlags("--in-memory", "--port", "0",
                "--create-stream-delay", "0", "--delete-stream-delay", "0"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private BenchOptions options(String... extra) {
        List<String> args = new ArrayList<>(List.of("--endpoint", server.endpoint().toString(), "--label", "freshet",
                "--duration", "30s", "--warmup", "0", "--max-records", Integer.toString(RECORDS),
                "--threads", "2", "--batch", "100", "--shards", "3", "--many-shards", "16", "--rate", "2000",
                // The server runs in this JVM: its CPU figures are this process's.
                "--server-pid", Long.toString(ProcessHandle.current().pid()),
                "--stream-prefix", "bench-test"));
        args.addAll(List.of(extra));
        return BenchOptions.parse(args.toArray(String[]::new));
    }

    @Test
    void everyPhaseRunsAndReadsBackEveryRecordExactlyOnce(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("freshet.json");
        List<PhaseResult> results = new LoadGenerator(options("--output", output.toString()), log).run();

        assertThat(results).extracting(PhaseResult::phase).containsExactlyElementsOf(BenchOptions.ALL_PHASES);
        assertThat(results).allSatisfy(r -> assertThat(r.error()).as(r.phase() + ": " + logBytes).isNull());
        for (PhaseResult r : results.subList(0, 5)) {
            assertThat(r.records()).as(r.phase()).isPositive().isLessThanOrEqualTo(RECORDS);
            assertThat(r.rejectedRecords()).as(r.phase()).isZero();
            assertThat(r.serverCost()).as(r.phase()).isNotNull();
            assertThat(r.latency().count()).as(r.phase()).isPositive();
        }
        PhaseResult drain = results.get(2);
        assertThat(drain.verification().exactlyOnce()).as(drain.verification().toString()).isTrue();
        assertThat(drain.verification().acknowledged()).isPositive().isEqualTo(drain.records());
        PhaseResult latency = results.get(3);
        assertThat(latency.verification().exactlyOnce()).as(latency.verification().toString()).isTrue();
        assertThat(latency.verification().read()).isEqualTo(latency.verification().acknowledged());
        assertThat(results.get(4).note()).contains("16 shards ACTIVE")
                .contains("every shard written once before measuring").doesNotContain("error");
        PhaseResult push = results.get(5);
        assertThat(push.verification().exactlyOnce()).as(push.verification().toString()).isTrue();
        assertThat(push.verification().read()).isPositive().isEqualTo(push.verification().acknowledged());

        // The report reads the JSON back and compares it.
        List<PhaseResult> reread = ResultFiles.read(output);
        assertThat(reread).hasSameSizeAs(results);
        String markdown = MarkdownTables.comparison(reread, "freshet");
        assertThat(markdown).contains("### put-records json raw 100 B x100 2 thr 3 shards").contains("exactly once");
        Path table = dir.resolve("freshet.md");
        ResultFiles.write(table, options(), reread);
        assertThat(java.nio.file.Files.readString(table)).contains("| freshet | drain json raw 100 B 3 shards |");
    }

    @Test
    void theSdkClientAndCborRecordsAreReadBackExactlyOnce() throws Exception {
        for (String[] variant : List.of(new String[] {"--client", "sdk", "--format", "cbor"},
                new String[] {"--client", "sdk", "--format", "json"},
                new String[] {"--client", "raw", "--format", "cbor"})) {
            List<String> args = new ArrayList<>(List.of(variant));
            args.addAll(List.of("--phases", "put-records,put-record,drain"));
            List<PhaseResult> results = new LoadGenerator(options(args.toArray(String[]::new)), log).run();
            String what = String.join(" ", variant);
            assertThat(results).allSatisfy(r -> assertThat(r.error()).as(what + " " + logBytes).isNull());
            assertThat(results.get(0).records()).as(what).isPositive();
            Verification verification = results.get(2).verification();
            assertThat(verification.exactlyOnce()).as(what + ": " + verification).isTrue();
            assertThat(verification.acknowledged()).as(what).isPositive();
        }
    }

    @Test
    void theManyShardsWarmUpWritesOneRecordToEveryShardOverEitherClientAndEncoding() throws Exception {
        for (String[] variant : List.of(new String[] {"--client", "raw", "--format", "json"},
                new String[] {"--client", "raw", "--format", "cbor"},
                new String[] {"--client", "sdk", "--format", "cbor"})) {
            String what = String.join(" ", variant);
            BenchOptions options = options(variant);
            try (Kinesis kinesis = LoadGenerator.client(options)) {
                PhaseContext context = new PhaseContext(options, kinesis, null, ProcessMeter.self(), log);
                try (BenchStream stream = context.createStream("warm", 16)) {
                    // Batches of 5 over 2 writers: 16 shards take three full batches and one of a record.
                    ShardWarmup.Outcome warmup = ShardWarmup.run(kinesis, stream.name(), 16,
                            new Payload(options.recordBytes()), 7, 2, 5, Duration.ofSeconds(30),
                            options.requestTimeout());

                    assertThat(warmup.written()).as(what).isEqualTo(16);
                    assertThat(warmup.firstError()).as(what).isNull();
                    assertThat(warmup.note()).as(what).startsWith("every shard written once before measuring (");
                    for (String shardId : stream.shardIds()) {
                        RecordsPage page = kinesis.getRecords(kinesis.shardIterator(stream.name(), shardId,
                                "TRIM_HORIZON"), 100);
                        assertThat(page.data()).as(what + " " + shardId).hasSize(1);
                        assertThat(Payload.producerOf(Payload.idOf(page.data().get(0)))).as(what).isEqualTo(7);
                    }
                }
            }
        }
    }

    @Test
    void putPushLatencyPushesEveryRecordExactlyOnceOverTheRawSubscriberAndOverTheSdk() throws Exception {
        for (String client : List.of("raw", "sdk")) {
            List<PhaseResult> results = new LoadGenerator(options("--client", client,
                    "--phases", "put-push-latency"), log).run();
            assertThat(results).hasSize(1);
            PhaseResult push = results.get(0);
            assertThat(push.error()).as(client + ": " + logBytes).isNull();
            assertThat(push.note()).as(client).contains(client.equals("raw") ? "raw h2c subscriber" : "AWS SDK")
                    .doesNotContain("first error");
            Verification verification = push.verification();
            assertThat(verification.exactlyOnce()).as(client + ": " + verification).isTrue();
            assertThat(verification.acknowledged()).as(client).isPositive().isEqualTo(push.records());
            assertThat(verification.read()).as(client).isEqualTo(verification.acknowledged());
            assertThat(push.latency().count()).as(client).isEqualTo(verification.read());
        }
    }

    @Test
    void theDrainReportsAPlantedMissingRecordAndAPlantedDuplicate() throws Exception {
        BenchOptions options = options();
        try (Kinesis kinesis = LoadGenerator.client(options)) {
            PhaseContext context = new PhaseContext(options, kinesis, null, ProcessMeter.self(), log);
            try (BenchStream stream = context.createStream("planted", 3)) {
                DeliveryLedger ledger = new DeliveryLedger(options.recordBytes());
                ProducerLoop.Outcome fill = DrainPhase.fill(context, stream, ledger);
                assertThat(fill.acknowledged()).isPositive();
                // Planted duplicate: the first record of writer 0, written a second time.
                long written = Payload.id(0, 0);
                kinesis.putRecord(stream.name(), new Payload(options.recordBytes()).record(written));
                // Planted missing record: acknowledged, never written.
                long phantom = Payload.id(77, 5);
                ledger.acknowledge(phantom);

                Drainer.Outcome drain = new Drainer(kinesis, stream, 2, ledger)
                        .drain(System.nanoTime() + 30_000_000_000L, DrainPhase.maxCallsPerShard(fill));

                assertThat(drain.unfinishedShards()).isZero();
                Verification verification = ledger.verify();
                assertThat(verification.exactlyOnce()).isFalse();
                assertThat(verification.missing()).isEqualTo(1);
                assertThat(verification.missingSample()).containsExactly(phantom);
                assertThat(verification.duplicated()).isEqualTo(1);
                assertThat(verification.unexpected()).isZero();
                assertThat(verification.corrupt()).isZero();
                assertThat(verification.read()).isEqualTo(fill.acknowledged() + 1);
            }
        }
    }
}
