package dev.freshet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server's cost over a window, with and without its JIT compiler threads, from two literal samples.
 *
 * <p>Not thread-safe; JUnit runs its tests one at a time.
 */
final class ServerCostTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void theCostWithoutJitTakesTheCompilerThreadsCpuOffPerRecordAndPerByte() {
        ProcessUsage start = new ProcessUsage(10, Map.of(7L, 1.0, 8L, 2.0), 100 * MIB, 120 * MIB);
        ProcessUsage end = new ProcessUsage(16, Map.of(7L, 2.5, 8L, 3.0), 150 * MIB, 160 * MIB);

        // 6 s of CPU, 2.5 of them compiling, over 2 million records of 500 bytes.
        ServerCost cost = ServerCost.between(start, end, 2_000_000, 1_000_000_000L);

        assertThat(cost.cpuSeconds()).isCloseTo(6, within(1e-9));
        assertThat(cost.jitCompilerCpuSeconds()).isCloseTo(2.5, within(1e-9));
        assertThat(cost.cpuSecondsPerMillionRecords()).isCloseTo(3, within(1e-9));
        assertThat(cost.cpuSecondsPerGigabyte()).isCloseTo(6, within(1e-9));
        assertThat(cost.cpuSecondsPerMillionRecordsWithoutJit()).isCloseTo(1.75, within(1e-9));
        assertThat(cost.cpuSecondsPerGigabyteWithoutJit()).isCloseTo(3.5, within(1e-9));
        assertThat(cost.rssMegabytes()).isEqualTo(150);
        assertThat(cost.peakRssMegabytes()).isEqualTo(160);
    }

    @Test
    void aServerThatIsNotAJvmCostsTheSameWithAndWithoutJit() {
        ServerCost cost = ServerCost.between(new ProcessUsage(10, Map.of(), MIB, MIB),
                new ProcessUsage(14, Map.of(), MIB, MIB), 1_000_000, 100_000_000);

        assertThat(cost.jitCompilerCpuSeconds()).isZero();
        assertThat(cost.cpuSecondsPerMillionRecordsWithoutJit()).isEqualTo(cost.cpuSecondsPerMillionRecords())
                .isCloseTo(4, within(1e-9));
        assertThat(cost.cpuSecondsPerGigabyteWithoutJit()).isEqualTo(cost.cpuSecondsPerGigabyte())
                .isCloseTo(40, within(1e-9));
    }

    @Test
    void compilerThreadsNeverCountForMoreThanTheWholeProcess() {
        // Rounded apart, the compiler threads' ticks can pass the process's total by a tick.
        ServerCost cost = ServerCost.between(new ProcessUsage(10, Map.of(7L, 1.0), MIB, MIB),
                new ProcessUsage(10.5, Map.of(7L, 1.51), MIB, MIB), 1_000_000, 100_000_000);

        assertThat(cost.jitCompilerCpuSeconds()).isCloseTo(0.5, within(1e-9));
        assertThat(cost.cpuSecondsPerMillionRecordsWithoutJit()).isCloseTo(0, within(1e-9));
    }

    @Test
    void aWindowWithoutRecordsOrBytesHasNoCostPerRecordOrPerByte() {
        ServerCost cost = ServerCost.between(new ProcessUsage(10, Map.of(7L, 1.0), MIB, MIB),
                new ProcessUsage(11, Map.of(7L, 1.5), MIB, MIB), 0, 0);

        assertThat(cost.jitCompilerCpuSeconds()).isCloseTo(0.5, within(1e-9));
        assertThat(cost.cpuSecondsPerMillionRecords()).isNaN();
        assertThat(cost.cpuSecondsPerGigabyte()).isNaN();
        assertThat(cost.cpuSecondsPerMillionRecordsWithoutJit()).isNaN();
        assertThat(cost.cpuSecondsPerGigabyteWithoutJit()).isNaN();
    }
}
