package dev.freshet.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code report} command: reads the result files of several load-generator runs (one or more per
 * server, all from the same machine and session) and writes Markdown: start-up figures, one table per
 * scenario with every server's figures and its ratios to the baseline, and the targets with
 * their verdicts.
 *
 * <pre>
 * report [--baseline freshet] [--reference kinesalite] [--fsync-never freshet-fsync-never]
 *        [--startup startup.json] [--out FILE] RESULT.json...
 * </pre>
 *
 * <p>Not thread-safe; a command run once.
 */
final class ComparisonReport {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private String baseline = "freshet";
    private String reference = "kinesalite";
    private String fsyncNever = "freshet-fsync-never";
    private Path startupFile;
    private Path out;
    private final List<Path> inputs = new ArrayList<>();

    /** The start-up file: {@code {"servers": [{"label": ..., "startSeconds": ..., "idleRssMiB": ...}]}}. */
    record StartupDocument(List<StartupFigure> servers) {}

    static void main(String[] args, PrintStream stdout) throws IOException {
        ComparisonReport report = new ComparisonReport();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--") && i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            switch (arg) {
                case "--baseline" -> report.baseline = args[++i];
                case "--reference" -> report.reference = args[++i];
                case "--fsync-never" -> report.fsyncNever = args[++i];
                case "--startup" -> report.startupFile = Path.of(args[++i]);
                case "--out" -> report.out = Path.of(args[++i]);
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown report option " + arg);
                    }
                    report.inputs.add(Path.of(arg));
                }
            }
        }
        if (report.inputs.isEmpty()) {
            throw new IllegalArgumentException("report needs at least one result file");
        }
        String markdown = report.render();
        if (report.out == null) {
            stdout.print(markdown);
        } else {
            Files.writeString(report.out, markdown, StandardCharsets.UTF_8);
        }
    }

    String render() throws IOException {
        List<PhaseResult> results = new ArrayList<>();
        for (Path input : inputs) {
            results.addAll(ResultFiles.read(input));
        }
        List<StartupFigure> startup = startupFile == null ? List.of()
                : MAPPER.readValue(startupFile.toFile(), StartupDocument.class).servers();
        StringBuilder md = new StringBuilder();
        if (!startup.isEmpty()) {
            md.append("## Start-up and idle memory\n\n| server | launch to first answered request | idle RSS MiB |\n"
                    + "|---|--:|--:|\n");
            for (StartupFigure s : startup) {
                md.append(String.format(Locale.ROOT, "| %s | %.2f s | %.0f |%n", s.label(), s.startSeconds(),
                        s.idleRssMiB()));
            }
            md.append('\n');
        }
        md.append("## Results by scenario\n\n");
        md.append(MarkdownTables.comparison(results, baseline));
        md.append("## Targets of issue 5 (for ").append(baseline).append(")\n\n");
        md.append(TargetCheck.table(new TargetCheck(results, startup, baseline, reference, fsyncNever).verdicts()));
        return md.toString();
    }
}
