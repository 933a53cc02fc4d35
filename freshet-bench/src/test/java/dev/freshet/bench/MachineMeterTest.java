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
 * The machine's CPU time from {@code /proc/stat}, and the share of it stolen over a window.
 *
 * <p>Not thread-safe; JUnit runs its tests one at a time.
 */
final class MachineMeterTest {

    @TempDir
    Path dir;

    @Test
    void theFirstLineGivesAllTicksAndTheStolenOnesWithoutCountingGuestTimeTwice() throws IOException {
        Path stat = write("cpu  100 5 30 800 10 1 4 50 40 0\ncpu0 50 2 15 400 5 0 2 25 20 0\n");

        MachineMeter.Ticks ticks = new MachineMeter(stat).sample();

        assertThat(ticks).isEqualTo(new MachineMeter.Ticks(1000, 50));
    }

    @Test
    void theStolenShareIsOfTheTicksThatPassedBetweenTwoSamples() {
        MachineMeter.Ticks before = new MachineMeter.Ticks(1000, 50);

        assertThat(new MachineMeter.Ticks(1400, 150).stealPercentSince(before)).isCloseTo(25.0, within(1e-9));
        assertThat(before.stealPercentSince(before)).isNaN();
    }

    @Test
    void anUnreadableOrStrangeFileGivesNothing() throws IOException {
        assertThat(new MachineMeter(dir.resolve("absent")).sample()).isNull();
        assertThat(new MachineMeter(write("intr 1 2 3\n")).sample()).isNull();
        assertThat(new MachineMeter(write("cpu 1 2 3\n")).sample()).isNull();
        assertThat(new MachineMeter(write("cpu 1 2 3 4 5 6 7 x\n")).sample()).isNull();
    }

    @Test
    void thisMachinesFileReadsWhereThereIsOne() {
        MachineMeter.Ticks ticks = MachineMeter.system().sample();
        assumeTrue(ticks != null, "needs Linux /proc/stat");
        assertThat(ticks.total()).isPositive();
        assertThat(ticks.steal()).isBetween(0L, ticks.total());
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("stat"), content);
    }
}
