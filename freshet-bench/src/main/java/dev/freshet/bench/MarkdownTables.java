package dev.freshet.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders results as Markdown: one run's results as one table, or several servers' results side by
 * side, one table per scenario, with each server's ratio to the baseline server.
 *
 * <p>Stateless and thread-safe.
 */
final class MarkdownTables {

    private MarkdownTables() {}

    /** One run's results, one row per phase. */
    static String resultTable(List<PhaseResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("| server | scenario | records | records/s | MB/s | latency p50 / p99 / p99.9 | server CPU s/M records"
                + " | server CPU s/M records without JIT | server CPU s/GB | server RSS MiB | client CPU µs/record"
                + " | read back | note |\n");
        out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|\n");
        for (PhaseResult r : results) {
            out.append("| ").append(r.server()).append(" | ").append(r.scenario()).append(" | ")
                    .append(figures(r)).append(" | ")
                    .append(r.clientCpuMicrosPerRecord() == null ? "" : fixed(r.clientCpuMicrosPerRecord(), 1))
                    .append(" | ").append(verification(r)).append(" | ").append(note(r)).append(" |\n");
        }
        return out.toString();
    }

    /**
     * One table per scenario, in the order scenarios first appear, each server a row, with the baseline's
     * advantage: its records/s over the server's, and the server's CPU per record over the baseline's.
     */
    static String comparison(List<PhaseResult> results, String baseline) {
        Map<String, List<PhaseResult>> byScenario = new LinkedHashMap<>();
        for (PhaseResult r : results) {
            byScenario.computeIfAbsent(r.scenario(), s -> new ArrayList<>()).add(r);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<PhaseResult>> scenario : byScenario.entrySet()) {
            List<PhaseResult> rows = scenario.getValue();
            out.append("### ").append(scenario.getKey()).append("\n\n");
            PhaseResult base = rows.stream().filter(r -> r.server().equals(baseline)).findFirst().orElse(null);
            boolean measured = rows.stream().anyMatch(r -> r.records() > 0);
            if (!measured) {
                out.append("| server | result |\n|---|---|\n");
                for (PhaseResult r : rows) {
                    out.append("| ").append(r.server()).append(" | ").append(note(r)).append(" |\n");
                }
                out.append('\n');
                continue;
            }
            out.append("| server | records | records/s | MB/s | latency p50 / p99 / p99.9 | server CPU s/M records "
                    + "(= µs/record) | server CPU s/M records without JIT | server CPU s/GB (= ns/byte) "
                    + "| server RSS MiB | ").append(baseline).append("'s records/s ÷ this | this CPU/record ÷ ")
                    .append(baseline).append("'s | read back | note |\n");
            out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|\n");
            for (PhaseResult r : rows) {
                out.append("| ").append(r.server()).append(" | ").append(figures(r)).append(" | ")
                        .append(r == base ? "1" : throughputRatio(base, r)).append(" | ")
                        .append(r == base ? "1" : cpuRatio(base, r)).append(" | ")
                        .append(verification(r)).append(" | ").append(note(r)).append(" |\n");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String figures(PhaseResult r) {
        if (r.error() != null) {
            return "failed | | | | | | | ";
        }
        LatencySummary l = r.latency();
        String latency = l == null || l.count() == 0 ? "" : micros(l.p50()) + " / " + micros(l.p99()) + " / "
                + micros(l.p999()) + " (" + l.meaning() + ")";
        ServerCost c = r.serverCost();
        return String.format(Locale.ROOT, "%,d | %,.0f | %.2f | %s | %s | %s | %s | %s", r.records(),
                r.recordsPerSecond(), r.megabytesPerSecond(), latency,
                c == null ? "" : fixed(c.cpuSecondsPerMillionRecords(), 2),
                c == null ? "" : fixed(c.cpuSecondsPerMillionRecordsWithoutJit(), 2),
                c == null ? "" : fixed(c.cpuSecondsPerGigabyte(), 2),
                c == null ? "" : fixed(c.rssMegabytes(), 0));
    }

    private static String throughputRatio(PhaseResult base, PhaseResult r) {
        if (base == null || base.error() != null || r.error() != null || r.recordsPerSecond() <= 0) {
            return "";
        }
        return ratio(base.recordsPerSecond() / r.recordsPerSecond());
    }

    private static String cpuRatio(PhaseResult base, PhaseResult r) {
        if (base == null || base.serverCost() == null || r.serverCost() == null
                || !(base.serverCost().cpuSecondsPerMillionRecords() > 0)) {
            return "";
        }
        return ratio(r.serverCost().cpuSecondsPerMillionRecords() / base.serverCost().cpuSecondsPerMillionRecords());
    }

    private static String verification(PhaseResult r) {
        Verification v = r.verification();
        if (v == null) {
            return "";
        }
        if (v.exactlyOnce()) {
            return "all " + String.format(Locale.ROOT, "%,d", v.acknowledged()) + " exactly once";
        }
        return String.format(Locale.ROOT, "%d missing, %d duplicated, %d unexpected, %d corrupt of %,d", v.missing(),
                v.duplicated(), v.unexpected(), v.corrupt(), v.acknowledged());
    }

    private static String note(PhaseResult r) {
        String text = r.error() != null ? "FAILED: " + r.error() : r.note() == null ? "" : r.note();
        if (r.error() == null && (r.rejectedRecords() > 0 || r.failedCalls() > 0)) {
            text = r.rejectedRecords() + " records rejected, " + r.failedCalls() + " calls failed"
                    + (text.isEmpty() ? "" : "; " + text);
        }
        return text.replace("|", "\\|").replace("\n", " ");
    }

    static String ratio(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "";
        }
        return (value >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value))
                + "×";
    }

    static String fixed(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** A microsecond value as µs below a millisecond, as ms above. */
    static String micros(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (value < 1000) {
            return String.format(Locale.ROOT, "%.0f µs", value);
        }
        return String.format(Locale.ROOT, value < 100_000 ? "%.2f ms" : "%.0f ms", value / 1000);
    }
}
