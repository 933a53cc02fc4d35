package dev.freshet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JIT compiler threads' CPU time between two samples, as compiler threads come and go.
 *
 * <p>Not thread-safe; JUnit runs its tests one at a time.
 */
final class ProcessUsageTest {

    private static ProcessUsage usage(double cpuSeconds, Map<Long, Double> compilerThreads) {
        return new ProcessUsage(cpuSeconds, compilerThreads, 1, 1);
    }

    @Test
    void theJitCompilerCpuIsTheSumOverItsThreads() {
        assertThat(usage(10, Map.of(7L, 1.5, 8L, 2.25)).jitCompilerCpuSeconds()).isCloseTo(3.75, within(1e-9));
        assertThat(usage(10, Map.of()).jitCompilerCpuSeconds()).isZero();
    }

    @Test
    void compilerCpuOverAWindowCountsEachThreadsGrowthAndAllOfAThreadStartedInIt() {
        ProcessUsage start = usage(10, Map.of(7L, 1.5, 8L, 2.0));
        ProcessUsage end = usage(14, Map.of(7L, 1.75, 8L, 2.5, 9L, 0.5));

        assertThat(end.jitCompilerCpuSecondsSince(start)).isCloseTo(0.25 + 0.5 + 0.5, within(1e-9));
    }

    @Test
    void aCompilerThreadThatStoppedInTheWindowDoesNotTakeItsEarlierCpuOffTheFigure() {
        // HotSpot stopped thread 8, which had spent 3 s before the window; the difference of the sums
        // would be 1.75 - 4.5, below zero.
        ProcessUsage start = usage(10, Map.of(7L, 1.5, 8L, 3.0));
        ProcessUsage end = usage(12, Map.of(7L, 1.75));

        assertThat(end.jitCompilerCpuSecondsSince(start)).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void aThreadIdReusedByANewCompilerThreadCountsAllOfTheNewThreadsCpu() {
        ProcessUsage start = usage(10, Map.of(8L, 3.0));
        ProcessUsage end = usage(12, Map.of(8L, 0.5));

        assertThat(end.jitCompilerCpuSecondsSince(start)).isCloseTo(0.5, within(1e-9));
    }
}
