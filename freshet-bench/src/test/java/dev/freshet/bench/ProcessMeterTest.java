package dev.freshet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Reading {@code /proc}: parsing stat lines as the kernel writes them, and sampling real processes, this
 * JVM and a program that is not a JVM.
 *
 * <p>Not thread-safe; JUnit runs its tests one at a time.
 */
final class ProcessMeterTest {

    // Real lines of this machine's /proc, field 14 (utime) and 15 (stime) set apart from their neighbours
    // (13 cmajflt is 3, 16 cutime 7, 17 cstime 9) so that an off-by-one field is caught.
    private static final String C2 = "14993 (C2 CompilerThre) S 14990 14990 12263 0 -1 1077936192 2540 0 3 0 "
            + "250 30 7 9 20 0 25 0 3049617 3254779904 12345 18446744073709551615 1 1 0 0 0 0 4 0 16796879 0 0 0 "
            + "-1 1 0 0 0 0 0";
    private static final String STRANGE = "15001 (my) odd (name) R 14990 14990 12263 0 -1 4194304 97 0 3 0 "
            + "41 2 7 9 20 0 1 0 3049617 3133440 360 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0";
    private static final String GC = "14995 (GC Thread#0) S 14990 14990 12263 0 -1 1077936192 300 0 3 0 "
            + "120 15 7 9 20 0 25 0 3049617 3254779904 12345 18446744073709551615 1 1 0 0 0 0 4 0 16796879 0 0 0 "
            + "-1 0 0 0 0 0 0";

    @Test
    void aHotSpotCompilerThreadIsRecognisedByItsTruncatedNameAndItsUserAndSystemTicksAreAdded() {
        ProcessMeter.Stat stat = ProcessMeter.Stat.parse(C2);

        assertThat(stat.command()).isEqualTo("C2 CompilerThre");
        assertThat(stat.cpuTicks()).isEqualTo(280);
        assertThat(stat.jitCompiler()).isTrue();
        assertThat(ProcessMeter.Stat.parse(C2.replace("(C2 ", "(C1 ")).jitCompiler()).isTrue();
        assertThat(ProcessMeter.Stat.parse(C2.replace("(C2 CompilerThre)", "(JVMCI CompilerT)")).jitCompiler())
                .isTrue();
        assertThat(ProcessMeter.Stat.parse(C2.replace("(C2 CompilerThre)", "(JVMCI-native Co)")).jitCompiler())
                .isTrue();
    }

    @Test
    void aNameWithSpacesAndParenthesesEndsAtTheLastClosingParenthesis() {
        ProcessMeter.Stat stat = ProcessMeter.Stat.parse(STRANGE);

        assertThat(stat.command()).isEqualTo("my) odd (name");
        assertThat(stat.cpuTicks()).isEqualTo(43);
        assertThat(stat.jitCompiler()).isFalse();
    }

    @Test
    void otherThreadsAreNotCompilerThreads() {
        assertThat(ProcessMeter.Stat.parse(GC).jitCompiler()).isFalse();
        assertThat(ProcessMeter.Stat.parse(GC).cpuTicks()).isEqualTo(135);
        for (String name : new String[] {"VM Thread", "java", "Sweeper thread", "C2 Compiler", "node"}) {
            assertThat(ProcessMeter.Stat.parse(GC.replace("GC Thread#0", name)).jitCompiler()).as(name).isFalse();
        }
    }

    @Test
    void aLineThatIsNotAStatLineIsRejected() {
        assertThatThrownBy(() -> ProcessMeter.Stat.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessMeter.Stat.parse("12 (java) S 1 2 3"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessMeter.Stat.parse(C2.replace(" 250 ", " x ")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thisJvmsCompilerThreadsSpentSomeButNotAllOfItsCpu() {
        ProcessMeter self = ProcessMeter.self();
        assumeTrue(self.readable(), "needs Linux /proc");
        assumeTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .noneMatch(a -> a.equals("-Xint")), "needs the JIT");

        ProcessUsage usage = self.sample();

        // By the time JUnit runs a test, HotSpot has compiled a good deal of JUnit, AssertJ and the JDK.
        assertThat(usage.compilerThreadCpuSeconds()).isNotEmpty();
        assertThat(usage.jitCompilerCpuSeconds()).isPositive().isLessThan(usage.cpuSeconds());
    }

    @Test
    void aProcessThatIsNotAJvmHasNoCompilerThreads() throws Exception {
        assumeTrue(ProcessMeter.self().readable(), "needs Linux /proc");
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            ProcessUsage usage = ProcessMeter.of(sleep.pid()).sample();

            assertThat(usage.compilerThreadCpuSeconds()).isEmpty();
            assertThat(usage.jitCompilerCpuSeconds()).isZero();
            assertThat(usage.rssBytes()).isPositive();
        } finally {
            sleep.destroy();
            sleep.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
