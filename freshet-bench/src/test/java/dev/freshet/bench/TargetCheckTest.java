package dev.freshet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CPU targets' verdicts, judged without the JIT compiler threads, and the peer ratio beside them.
 *
 * <p>Not thread-safe; JUnit runs its tests one at a time.
 */
final class TargetCheckTest {

    private static final String PUT_JSON = "PutRecords 500 × 100 B, JSON, --fsync always: ≤ 2 µs of server CPU per "
            + "record (without JIT compiler threads)";
    private static final String PUT_CBOR = PUT_JSON.replace("JSON", "CBOR");
    private static final String BYTES = "64 KiB records: ≤ 2 ns of server CPU per byte (without JIT compiler "
            + "threads)";
    private static final String DRAIN = "GetRecords drain: ≤ 1 µs of server CPU per 100-byte record (without JIT "
            + "compiler threads)";

    private static TargetCheck.Verdict verdict(List<PhaseResult> results, String goal) {
        return new TargetCheck(results, List.of(), "freshet", "kinesalite", "freshet-fsync-never").verdicts()
                .stream().filter(v -> v.goal().equals(goal)).findFirst().orElseThrow();
    }

    @Test
    void theCpuTargetsAreMetOnTheFigureWithoutJitCompilerThreadsThoughAllThreadsSpentMore() {
        // 3 µs/record, 30 ns/byte over all threads; 1.5 µs/record, 1.5 ns/byte without the JIT compiler.
        List<PhaseResult> results = List.of(
                Results.measured("freshet", "put-records", 1_000_000, 500_000, Results.cost(3.0, 1.5)),
                Results.measured("freshet", "put-records", 65536, 10_000, 5_000,
                        new ServerCost(2.6, 1.6, 260, 4.0, 100, 1.5, 200, 250)),
                Results.measured("freshet", "drain", 1_000_000, 900_000, Results.cost(1.6, 0.8)));

        assertThat(verdict(results, PUT_JSON)).isEqualTo(new TargetCheck.Verdict(PUT_JSON,
                "1.50 µs/record (3.00 with JIT compiler threads)", "met"));
        assertThat(verdict(results, BYTES)).isEqualTo(new TargetCheck.Verdict(BYTES,
                "1.50 ns/byte (4.00 with JIT compiler threads)", "met"));
        assertThat(verdict(results, DRAIN)).isEqualTo(new TargetCheck.Verdict(DRAIN,
                "0.80 µs/record (1.60 with JIT compiler threads)", "met"));
    }

    @Test
    void aCpuTargetIsNotMetWhenTheFigureWithoutJitCompilerThreadsPassesIt() {
        List<PhaseResult> results = List.of(
                Results.measured("freshet", "put-records", 1_000_000, 500_000, Results.cost(4.0, 1.5)),
                Results.measured("freshet", "drain", 1_000_000, 900_000, Results.cost(1.2, 0.1)));

        assertThat(verdict(results, PUT_JSON).status()).isEqualTo("not yet met");
        assertThat(verdict(results, PUT_JSON).measured()).isEqualTo("2.50 µs/record (4.00 with JIT compiler threads)");
        assertThat(verdict(results, DRAIN).status()).isEqualTo("not yet met");
    }

    @Test
    void aResultWithoutTheFigureWithoutJitIsNotMeasuredEvenIfAllThreadsMetTheTarget() {
        ServerCost old = new ServerCost(1.0, Double.NaN, 1.0, 10, Double.NaN, Double.NaN, 200, 250);
        List<PhaseResult> results = List.of(Results.measured("freshet", "put-records", 1_000_000, 500_000, old));

        assertThat(verdict(results, PUT_JSON)).isEqualTo(new TargetCheck.Verdict(PUT_JSON,
                "not measured without JIT compiler threads; 1.00 µs/record with them", "not measured"));
    }

    @Test
    void aCpuTargetWithoutARunOrWithoutServerCostIsNotMeasured() {
        List<PhaseResult> results = List.of(
                Results.measured("freshet", "put-records", 1_000_000, 500_000, null),
                Results.measured("kinesalite", "drain", 1_000_000, 900_000, Results.cost(1.2, 0)));

        assertThat(verdict(results, PUT_JSON)).isEqualTo(new TargetCheck.Verdict(PUT_JSON, "not in this run",
                "not measured"));
        assertThat(verdict(results, PUT_CBOR).status()).isEqualTo("not measured");
        assertThat(verdict(results, DRAIN).status()).isEqualTo("not measured");
    }

    @Test
    void theRatioToThePeerStaysOnRecordsPerSecond() {
        List<PhaseResult> results = List.of(
                Results.measured("freshet", "put-records", 1_000_000, 600_000, Results.cost(3.0, 1.5)),
                Results.measured("kinesalite", "put-records", 100_000, 20_000, Results.cost(40.0, 0)));

        TargetCheck.Verdict ratio = verdict(results, "PutRecords 500 × 100 B, JSON, raw client: ≥ 30× kinesalite's "
                + "records/s");

        assertThat(ratio).isEqualTo(new TargetCheck.Verdict(ratio.goal(), "30.0× (600,000 vs 20,000 records/s)",
                "met"));
    }
}
