package dev.freshet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Holds the figures of one comparison run against the targets of issue 5 and says, for each, whether
 * the baseline server met it, did not yet, or whether the run did not measure it. A target is met only
 * by a figure measured in this run; nothing is assumed.
 *
 * <p>Immutable, so thread-safe.
 */
final class TargetCheck {

    private static final String MET = "met";
    private static final String NOT_MET = "not yet met";
    private static final String NOT_MEASURED = "not measured";
    private static final CpuFigure PER_RECORD = new CpuFigure("µs/record",
            ServerCost::cpuSecondsPerMillionRecords, ServerCost::cpuSecondsPerMillionRecordsWithoutJit);
    private static final CpuFigure PER_BYTE = new CpuFigure("ns/byte", ServerCost::cpuSecondsPerGigabyte,
            ServerCost::cpuSecondsPerGigabyteWithoutJit);

    private final List<PhaseResult> results;
    private final List<StartupFigure> startup;
    private final String baseline;
    private final String reference;
    private final String fsyncNever;

    /**
     * @param baseline the label of the server the targets are for (Freshet with {@code --fsync always})
     * @param reference the label of the server throughput ratios are against (kinesalite)
     * @param fsyncNever the label of the same server run with {@code --fsync never}
     */
    TargetCheck(List<PhaseResult> results, List<StartupFigure> startup, String baseline, String reference,
            String fsyncNever) {
        this.results = List.copyOf(results);
        this.startup = List.copyOf(startup);
        this.baseline = baseline;
        this.reference = reference;
        this.fsyncNever = fsyncNever;
    }

    /**
     * One target's verdict.
     *
     * @param goal the target as the issue states it
     * @param measured the figure this run measured, or why there is none
     * @param status {@code met}, {@code not yet met} or {@code not measured}
     */
    record Verdict(String goal, String measured, String status) {}

    List<Verdict> verdicts() {
        List<Verdict> verdicts = new ArrayList<>();
        for (String format : List.of("json", "cbor")) {
            Optional<PhaseResult> put = find(baseline, r -> r.phase().equals("put-records") && r.recordBytes() == 100
                    && r.batch() == 500 && r.format().equals(format) && r.threads() <= 4);
            verdicts.add(cpuAtMost("PutRecords 500 × 100 B, " + format.toUpperCase(Locale.ROOT)
                    + ", --fsync always: ≤ 2 µs of server CPU per record", put, PER_RECORD, 2.0));
            Optional<PhaseResult> ref = put.flatMap(p -> find(reference, r -> r.scenario().equals(p.scenario())));
            if (ref.isPresent() && !ran(ref.get())) {
                verdicts.add(new Verdict("PutRecords 500 × 100 B, " + format.toUpperCase(Locale.ROOT)
                        + ", raw client: ≥ 30× " + reference + "'s records/s", reference + " acknowledged no record "
                        + "in this scenario: " + why(ref.get()), NOT_MEASURED));
            } else if (put.isPresent() && ran(put.get()) && ref.isPresent() && put.get().client().equals("raw")) {
                double ratio = put.get().recordsPerSecond() / ref.get().recordsPerSecond();
                verdicts.add(new Verdict("PutRecords 500 × 100 B, " + format.toUpperCase(Locale.ROOT) + ", raw client: ≥ 30× "
                        + reference + "'s records/s", String.format(Locale.ROOT, "%.1f× (%,.0f vs %,.0f records/s)",
                        ratio, put.get().recordsPerSecond(), ref.get().recordsPerSecond()), ratio >= 30 ? MET : NOT_MET));
            } else {
                verdicts.add(new Verdict("PutRecords 500 × 100 B, " + format.toUpperCase(Locale.ROOT)
                        + ", raw client: ≥ 30× " + reference + "'s records/s", "no pair of runs in this report",
                        NOT_MEASURED));
            }
        }
        Optional<PhaseResult> large = find(baseline, r -> r.phase().equals("put-records") && r.recordBytes() == 65536);
        verdicts.add(atLeast("64 KiB records: ≥ 300 MB/s ingest", large.map(PhaseResult::megabytesPerSecond), 300,
                "%.0f MB/s"));
        verdicts.add(cpuAtMost("64 KiB records: ≤ 2 ns of server CPU per byte", large, PER_BYTE, 2.0));
        Optional<PhaseResult> drain = find(baseline, r -> r.phase().equals("drain") && r.recordBytes() == 100);
        verdicts.add(cpuAtMost("GetRecords drain: ≤ 1 µs of server CPU per 100-byte record", drain, PER_RECORD,
                1.0));
        Optional<PhaseResult> latency = find(baseline, r -> r.phase().equals("put-get-latency"));
        verdicts.add(atMost("Put-to-get p99 ≤ 5 ms, polling consumer at 1,000 records/s",
                latency.map(r -> r.latency() == null ? Double.NaN : r.latency().p99() / 1000), 5.0, "p99 %.2f ms"));
        Optional<PhaseResult> push = find(baseline, r -> r.phase().equals("put-push-latency"));
        verdicts.add(atMost("Put-to-push p99 ≤ 5 ms (SubscribeToShard)",
                push.map(r -> r.latency() == null ? Double.NaN : r.latency().p99() / 1000), 5.0, "p99 %.2f ms"));
        verdicts.add(fsyncCost());
        Optional<StartupFigure> start = startup.stream().filter(s -> s.label().equals(baseline)).findFirst();
        verdicts.add(atMost("Start to first answered request ≤ 0.5 s", start.map(StartupFigure::startSeconds), 0.5,
                "%.2f s"));
        verdicts.add(atMost("Idle resident memory ≤ 80 MB", start.map(s -> s.idleRssMiB() * 1.048576), 80,
                "%.0f MB"));
        verdicts.add(manyShards());
        verdicts.add(new Verdict("GetShardIterator AT_SEQUENCE_NUMBER / AT_TIMESTAMP < 1 ms on a 100-million-record "
                + "shard", "not part of this run (see the JMH index benchmarks for the storage side)", NOT_MEASURED));
        verdicts.add(new Verdict("No regression of any figure by more than 10 %", "first baseline: nothing earlier to "
                + "compare with", NOT_MEASURED));
        return verdicts;
    }

    static String table(List<Verdict> verdicts) {
        StringBuilder out = new StringBuilder("| target | measured | status |\n|---|---|---|\n");
        for (Verdict v : verdicts) {
            out.append("| ").append(v.goal()).append(" | ").append(v.measured().replace("|", "\\|").replace("\n", " ")).append(" | ")
                    .append(v.status().equals(MET) ? "**met**" : v.status()).append(" |\n");
        }
        return out.toString();
    }

    private Verdict fsyncCost() {
        String goal = "--fsync always with 8 writers costs ≤ 25 % of the throughput of --fsync never";
        Optional<PhaseResult> always = find(baseline, r -> r.phase().equals("put-records") && r.threads() == 8);
        Optional<PhaseResult> never = always.flatMap(a -> find(fsyncNever, r -> r.scenario().equals(a.scenario())));
        if (always.isEmpty() || never.isEmpty() || !ran(always.get()) || !ran(never.get())) {
            return new Verdict(goal, "no 8-writer pair of runs in this report", NOT_MEASURED);
        }
        double cost = 1 - always.get().recordsPerSecond() / never.get().recordsPerSecond();
        return new Verdict(goal, String.format(Locale.ROOT, "%.0f %% (%,.0f vs %,.0f records/s)", cost * 100,
                always.get().recordsPerSecond(), never.get().recordsPerSecond()), cost <= 0.25 ? MET : NOT_MET);
    }

    private Verdict manyShards() {
        String goal = "10,000 open shards: per-record cost within 1.5× of the 4-shard case";
        Optional<PhaseResult> many = find(baseline, r -> r.phase().equals("many-shards") && r.error() == null);
        if (many.isEmpty()) {
            Optional<PhaseResult> failed = find(baseline, r -> r.phase().equals("many-shards"));
            return new Verdict(goal, failed.map(f -> "failed: " + f.error()).orElse("phase not run"),
                    failed.isPresent() ? NOT_MET : NOT_MEASURED);
        }
        Optional<PhaseResult> few = find(baseline, r -> r.phase().equals("put-records") && r.format().equals(
                many.get().format()) && r.recordBytes() == many.get().recordBytes() && r.threads()
                == many.get().threads() && r.serverCost() != null);
        if (few.isEmpty() || many.get().serverCost() == null) {
            return new Verdict(goal, "no put-records run with server CPU to compare with", NOT_MEASURED);
        }
        double ratio = many.get().serverCost().cpuSecondsPerMillionRecords()
                / few.get().serverCost().cpuSecondsPerMillionRecords();
        String measured = String.format(Locale.ROOT, "%.2f× at %,d shards (%.2f vs %.2f µs/record)", ratio,
                many.get().shards(), many.get().serverCost().cpuSecondsPerMillionRecords(),
                few.get().serverCost().cpuSecondsPerMillionRecords());
        if (many.get().shards() < 10_000) {
            return new Verdict(goal, measured + "; 10,000 shards not run", NOT_MEASURED);
        }
        return new Verdict(goal, measured, ratio <= 1.5 ? MET : NOT_MET);
    }

    /** Whether a result measured anything: it ran and something was acknowledged. */
    private static boolean ran(PhaseResult r) {
        return r.error() == null && r.records() > 0 && r.recordsPerSecond() > 0;
    }

    private static String why(PhaseResult r) {
        String text = r.error() != null ? r.error() : r.note() == null ? "no records" : r.note();
        return (text.length() > 200 ? text.substring(0, 200) + "…" : text).replace("\n", " ");
    }

    private Optional<PhaseResult> find(String label, Predicate<PhaseResult> which) {
        return results.stream().filter(r -> r.server().equals(label) && r.error() == null).filter(which).findFirst()
                .or(() -> results.stream().filter(r -> r.server().equals(label)).filter(which).findFirst());
    }

    /**
     * A CPU target, judged without the server's JIT compiler threads: what they spend is a one-off cost of
     * the JVM's first seconds, and a run's warm-up is too short to leave it all behind. The figure with them
     * is shown beside it.
     */
    private static Verdict cpuAtMost(String goal, Optional<PhaseResult> result, CpuFigure figure, double limit) {
        String fullGoal = goal + " (without JIT compiler threads)";
        ServerCost cost = result.map(PhaseResult::serverCost).orElse(null);
        double all = cost == null ? Double.NaN : figure.allThreads().applyAsDouble(cost);
        if (Double.isNaN(all)) {
            return new Verdict(fullGoal, "not in this run", NOT_MEASURED);
        }
        double withoutJit = figure.withoutJit().applyAsDouble(cost);
        if (Double.isNaN(withoutJit)) {
            // A result file from before the compiler threads were measured apart.
            return new Verdict(fullGoal, String.format(Locale.ROOT, "not measured without JIT compiler threads; "
                    + "%.2f %s with them", all, figure.unit()), NOT_MEASURED);
        }
        return new Verdict(fullGoal, String.format(Locale.ROOT, "%.2f %s (%.2f with JIT compiler threads)",
                withoutJit, figure.unit(), all), withoutJit <= limit ? MET : NOT_MET);
    }

    /**
     * Which of a {@link ServerCost}'s CPU figures a target is about, and its unit.
     *
     * <p>Immutable, so thread-safe.
     */
    private record CpuFigure(String unit, ToDoubleFunction<ServerCost> allThreads,
            ToDoubleFunction<ServerCost> withoutJit) {}

    private static Verdict atMost(String goal, Optional<Double> value, double limit, String format) {
        return bound(goal, value, format, v -> v <= limit);
    }

    private static Verdict atLeast(String goal, Optional<Double> value, double limit, String format) {
        return bound(goal, value, format, v -> v >= limit);
    }

    private static Verdict bound(String goal, Optional<Double> value, String format, Predicate<Double> met) {
        if (value.isEmpty() || value.get().isNaN()) {
            return new Verdict(goal, "not in this run", NOT_MEASURED);
        }
        return new Verdict(goal, String.format(Locale.ROOT, format, value.get()), met.test(value.get()) ? MET : NOT_MET);
    }
}
