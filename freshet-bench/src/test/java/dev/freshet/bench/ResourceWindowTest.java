package dev.freshet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resource window over this JVM, standing in for the server, as the load generator's phases use it.
 *
 * <p>Not thread-safe; JUnit runs its tests one at a time.
 */
final class ResourceWindowTest {

    private static volatile long sink;

    @Test
    void aWindowOverThisJvmGivesItsCpuWithAndWithoutTheCompilerThreadsPerRecordAndPerByte() {
        ProcessMeter self = ProcessMeter.self();
        assumeTrue(self.readable(), "needs Linux /proc");
        ResourceWindow window = ResourceWindow.open(self, self);
        burnCpu(300);

        // A million records of a thousand bytes: per million records is the CPU itself, per GB the same.
        ServerCost cost = window.close(1_000_000, 1_000_000_000L).server();

        assertThat(cost.cpuSeconds()).isPositive();
        assertThat(cost.jitCompilerCpuSeconds()).isBetween(0.0, cost.cpuSeconds());
        double withoutJit = cost.cpuSeconds() - cost.jitCompilerCpuSeconds();
        assertThat(cost.cpuSecondsPerMillionRecords()).isCloseTo(cost.cpuSeconds(), within(1e-9));
        assertThat(cost.cpuSecondsPerGigabyte()).isCloseTo(cost.cpuSeconds(), within(1e-9));
        assertThat(cost.cpuSecondsPerMillionRecordsWithoutJit()).isCloseTo(withoutJit, within(1e-9));
        assertThat(cost.cpuSecondsPerGigabyteWithoutJit()).isCloseTo(withoutJit, within(1e-9));
    }

    @Test
    void aWindowGivesTheShareOfTheMachinesCpuTheHypervisorTookMeanwhile(@TempDir Path dir) throws IOException {
        ProcessMeter self = ProcessMeter.self();
        assumeTrue(self.readable(), "needs Linux /proc");
        Path stat = Files.writeString(dir.resolve("stat"), "cpu  100 0 0 900 0 0 0 0\n");
        ResourceWindow window = ResourceWindow.open(null, self, new MachineMeter(stat));
        Files.writeString(stat, "cpu  200 0 0 1000 0 0 0 200\n");

        assertThat(window.close(10, 1000).stealPercent()).isCloseTo(50.0, within(1e-9));
    }

    private static void burnCpu(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 1;
        while (System.nanoTime() < end) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }
}
