package dev.freshet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console line and the JSON and Markdown result files, with the JIT compiler's share.
 *
 * <p>Not thread-safe; JUnit runs its tests one at a time.
 */
final class ResultFilesTest {

    private static final BenchOptions OPTIONS = BenchOptions.parse(new String[] {"--endpoint",
        "http://127.0.0.1:4567", "--label", "freshet"});

    @Test
    void theSummaryLineGivesTheJitCompilersShareAndTheCostWithoutIt() {
        PhaseResult r = Results.measured("freshet", "put-records", 1_000_000, 250_000,
                new ServerCost(3.5, 1.25, 3.5, 35, 2.25, 22.5, 180, 200));

        assertThat(ResultFiles.summaryLine(r)).isEqualTo("1,000,000 records in 4.00 s: 250,000 records/s, 25.00 MB/s"
                + "; server CPU 3.50 s (JIT compiler 1.25 s) = 3.50 s per million records, 35.00 s per GB"
                + "; without the JIT compiler: 2.25 s per million records, 22.50 s per GB; RSS 180 MiB"
                + "; client CPU 1.5 µs/record");
    }

    @Test
    void theSummaryLineSaysHowMuchOfTheMachineTheHypervisorTookWhenKnown() {
        PhaseResult r = Results.measured("freshet", "put-records", 1_000_000, 250_000, null);
        PhaseResult stolen = new PhaseResult(r.server(), r.phase(), r.scenario(), r.client(), r.format(),
                r.threads(), r.recordBytes(), r.batch(), r.shards(), r.records(), r.rejectedRecords(),
                r.failedCalls(), r.seconds(), r.recordsPerSecond(), r.megabytesPerSecond(), r.latency(),
                r.serverCost(), r.clientCpuMicrosPerRecord(), 40.4, r.verification(), r.note(), r.error());

        assertThat(ResultFiles.summaryLine(stolen)).endsWith("; client CPU 1.5 µs/record"
                + "; machine CPU stolen by the hypervisor 40 %");
        assertThat(ResultFiles.summaryLine(r)).doesNotContain("stolen");
    }

    @Test
    void theJsonFileKeepsTheFiguresWithoutJitIncludingOnesThatCouldNotBeComputed(@TempDir Path dir)
            throws Exception {
        ServerCost none = new ServerCost(0.5, 0.25, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 100, 120);
        List<PhaseResult> results = List.of(Results.measured("freshet", "put-records", 1_000_000, 250_000,
                new ServerCost(3.5, 1.25, 3.5, 35, 2.25, 22.5, 180, 200)),
                Results.measured("freshet", "drain", 10, 5, none));
        Path file = dir.resolve("freshet.json");

        ResultFiles.write(file, OPTIONS, results);

        assertThat(Files.readString(file)).contains("\"jitCompilerCpuSeconds\" : 1.25")
                .contains("\"cpuSecondsPerMillionRecordsWithoutJit\" : 2.25")
                .contains("\"cpuSecondsPerGigabyteWithoutJit\" : 22.5");
        assertThat(ResultFiles.read(file)).isEqualTo(results);
    }

    @Test
    void aFileFromBeforeTheJitCompilerWasMeasuredApartReadsItsFiguresAsNotMeasuredRatherThanZero(
            @TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.json");
        Files.writeString(file, """
                {"endpoint": "http://127.0.0.1:4567", "label": "freshet", "results": [{
                  "server": "freshet", "phase": "put-records", "scenario": "put-records json raw 100 B x500 4 thr",
                  "records": 1000000, "seconds": 4.0, "recordsPerSecond": 250000.0,
                  "serverCost": {"cpuSeconds": 3.5, "cpuSecondsPerMillionRecords": 3.5,
                    "cpuSecondsPerGigabyte": 35.0, "rssMegabytes": 180.0, "peakRssMegabytes": 200.0}
                }]}
                """, StandardCharsets.UTF_8);

        ServerCost cost = ResultFiles.read(file).get(0).serverCost();

        assertThat(cost.cpuSecondsPerMillionRecords()).isEqualTo(3.5);
        assertThat(cost.peakRssMegabytes()).isEqualTo(200.0);
        assertThat(cost.jitCompilerCpuSeconds()).isNaN();
        assertThat(cost.cpuSecondsPerMillionRecordsWithoutJit()).isNaN();
        assertThat(cost.cpuSecondsPerGigabyteWithoutJit()).isNaN();
    }

    @Test
    void aMarkdownFileShowsTheCpuPerRecordWithoutJit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("freshet.md");

        ResultFiles.write(file, OPTIONS, List.of(Results.measured("freshet", "put-records", 1_000_000, 250_000,
                new ServerCost(3.5, 1.25, 3.5, 35, 2.25, 22.5, 180, 200))));

        assertThat(Files.readString(file)).contains("| server CPU s/M records | server CPU s/M records without JIT |")
                .contains("| 3.50 | 2.25 | 35.00 | 180 |");
    }
}
