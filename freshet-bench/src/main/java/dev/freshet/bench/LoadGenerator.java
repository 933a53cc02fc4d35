package dev.freshet.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the chosen phases, in order, against one endpoint, and writes their results. A phase that
 * fails (the server refuses its stream, say) is recorded with its error and the next one runs.
 *
 * <p>Not thread-safe; one run at a time. The phases it runs use their own threads.
 */
final class LoadGenerator {

    private static final Map<String, Supplier<Phase>> PHASES = phases();

    private final BenchOptions options;
    private final PrintStream log;

    LoadGenerator(BenchOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** Runs every phase of the options and writes the output file if one was asked for. */
    List<PhaseResult> run() throws IOException, InterruptedException {
        ProcessMeter server = serverMeter();
        List<PhaseResult> results = new ArrayList<>();
        log.printf("freshet-bench: %s (%s), %s client, %s, %d threads, %d-byte records, batches of %d, %d shards, "
                        + "at most %s and %d records per phase%n", options.endpoint(), options.label(),
                options.client(), options.format().label(), options.threads(), options.recordBytes(), options.batch(),
                options.shards(), options.duration(), options.maxRecords());
        try (Kinesis kinesis = client(options)) {
            PhaseContext context = new PhaseContext(options, kinesis, server, ProcessMeter.self(), log);
            if (!options.warmup().isZero()) {
                log.println("== warm-up (" + options.warmup().toMillis() + " ms, not measured)");
                try {
                    Warmup.run(context, options.warmup());
                } catch (Exception e) {
                    log.println("   warm-up failed: " + e.getMessage());
                }
            }
            for (String name : options.phases()) {
                log.println("== " + name);
                PhaseResult result;
                try {
                    result = PHASES.get(name).get().run(context);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    result = PhaseResult.failed(options, name, e);
                }
                results.add(result);
                log.println("   " + ResultFiles.summaryLine(result));
            }
        }
        if (options.output() != null) {
            ResultFiles.write(options.output(), options, results);
            log.println("results written to " + options.output());
        }
        return results;
    }

    /** The client the options name; the caller closes it. */
    static Kinesis client(BenchOptions options) {
        if (options.client().equals("sdk")) {
            return new SdkKinesis(options.endpoint(), options.format(), options.region(), options.accessKey(),
                    options.requestTimeout(), options.threads() * 2 + 4);
        }
        return new RawKinesis(options.endpoint(), options.format(), options.region(), options.accessKey(),
                options.requestTimeout());
    }

    static Phase phase(String name) {
        Supplier<Phase> phase = PHASES.get(name);
        if (phase == null) {
            throw new IllegalArgumentException("unknown phase " + name);
        }
        return phase.get();
    }

    private ProcessMeter serverMeter() {
        if (options.serverPid() <= 0) {
            return null;
        }
        ProcessMeter meter = ProcessMeter.of(options.serverPid());
        if (!meter.readable()) {
            log.println("warning: /proc/" + options.serverPid() + "/stat is not readable: no server CPU figures");
            return null;
        }
        return meter;
    }

    private static Map<String, Supplier<Phase>> phases() {
        Map<String, Supplier<Phase>> phases = new LinkedHashMap<>();
        phases.put("put-records", ProducePhase::putRecords);
        phases.put("put-record", ProducePhase::putRecord);
        phases.put("drain", DrainPhase::new);
        phases.put("put-get-latency", PutGetLatencyPhase::new);
        phases.put("many-shards", ProducePhase::manyShards);
        phases.put("put-push-latency", PutPushLatencyPhase::new);
        return phases;
    }
}
