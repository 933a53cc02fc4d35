package dev.freshet.bench;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load generator's output: a JSON document {@code {"endpoint": ..., "label": ..., "results": [...]}}
 * with one {@link PhaseResult} per phase (figures that do not apply are null; a figure that could not be
 * computed is {@code "NaN"}), or, for a file ending in {@code .md}, the same as a Markdown table. The
 * {@code report} command reads the JSON form of several runs back.
 *
 * <p>Thread-safe: the mapper is configured once.
 */
final class ResultFiles {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ResultFiles() {}

    /** What a result file holds. */
    record Document(String endpoint, String label, List<PhaseResult> results) {}

    static void write(Path file, BenchOptions options, List<PhaseResult> results) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md")) {
            Files.writeString(file, MarkdownTables.resultTable(results), StandardCharsets.UTF_8);
        } else {
            MAPPER.writeValue(file.toFile(), new Document(options.endpoint().toString(), options.label(), results));
        }
    }

    static List<PhaseResult> read(Path file) throws IOException {
        Document document = MAPPER.readValue(file.toFile(), new TypeReference<Document>() { });
        return document.results() == null ? List.of() : new ArrayList<>(document.results());
    }

    /** One line for the console. */
    static String summaryLine(PhaseResult r) {
        if (r.error() != null) {
            return "FAILED: " + r.error();
        }
        if (r.records() == 0 && r.note() != null) {
            return r.note();
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%,d records in %.2f s: %,.0f records/s, "
                + "%.2f MB/s", r.records(), r.seconds(), r.recordsPerSecond(), r.megabytesPerSecond()));
        if (r.latency() != null && r.latency().count() > 0) {
            line.append(String.format(Locale.ROOT, "; %s p50 %s p99 %s p99.9 %s max %s", r.latency().meaning(),
                    MarkdownTables.micros(r.latency().p50()), MarkdownTables.micros(r.latency().p99()),
                    MarkdownTables.micros(r.latency().p999()), MarkdownTables.micros(r.latency().max())));
        }
        ServerCost c = r.serverCost();
        if (c != null) {
            line.append(String.format(Locale.ROOT, "; server CPU %.2f s (JIT compiler %.2f s) = %.2f s per million "
                    + "records, %.2f s per GB; without the JIT compiler: %.2f s per million records, %.2f s per GB;"
                    + " RSS %.0f MiB", c.cpuSeconds(), c.jitCompilerCpuSeconds(), c.cpuSecondsPerMillionRecords(),
                    c.cpuSecondsPerGigabyte(), c.cpuSecondsPerMillionRecordsWithoutJit(),
                    c.cpuSecondsPerGigabyteWithoutJit(), c.rssMegabytes()));
        }
        if (r.clientCpuMicrosPerRecord() != null) {
            line.append(String.format(Locale.ROOT, "; client CPU %.1f µs/record", r.clientCpuMicrosPerRecord()));
        }
        if (r.stealPercent() != null) {
            line.append(String.format(Locale.ROOT, "; machine CPU stolen by the hypervisor %.0f %%",
                    r.stealPercent()));
        }
        if (r.rejectedRecords() > 0 || r.failedCalls() > 0) {
            line.append(String.format(Locale.ROOT, "; %d records rejected, %d calls failed", r.rejectedRecords(),
                    r.failedCalls()));
        }
        Verification v = r.verification();
        if (v != null) {
            line.append(String.format(Locale.ROOT, "; verified: %d acknowledged, %d read, %d missing, %d duplicated, "
                    + "%d unexpected, %d corrupt", v.acknowledged(), v.read(), v.missing(), v.duplicated(),
                    v.unexpected(), v.corrupt()));
        }
        if (r.note() != null) {
            line.append("; ").append(r.note());
        }
        return line.toString();
    }
}
