package dev.freshet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads a Linux process's CPU time and memory from {@code /proc}: user plus system CPU from
 * {@code /proc/PID/stat} (fields 14 and 15, in clock ticks of {@code getconf CLK_TCK}, 100 if that cannot
 * be run), and resident memory, current and peak, from {@code /proc/PID/status}. On a shared, noisy
 * machine CPU time per unit of work is steadier than wall-clock throughput, so reports lead with it.
 *
 * <p>It also reads the CPU time of the process's JIT compiler threads from {@code /proc/PID/task/TID/stat}:
 * in a JVM's first seconds they can spend as much CPU as the work being measured, a one-off cost of warming
 * up that says nothing about the cost per record once compiled. A process that is not a JVM has none.
 *
 * <p>Thread-safe: immutable; every sample reads {@code /proc} afresh.
 */
final class ProcessMeter {

    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private final long pid;

    private ProcessMeter(long pid) {
        this.pid = pid;
    }

    static ProcessMeter of(long pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("not a process id: " + pid);
        }
        return new ProcessMeter(pid);
    }

    /** This JVM, to show what the load generator itself costs. */
    static ProcessMeter self() {
        return new ProcessMeter(ProcessHandle.current().pid());
    }

    long pid() {
        return pid;
    }

    /** True if {@code /proc} has this process (false on other systems and after it exits). */
    boolean readable() {
        return Files.isReadable(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /**
     * The process's CPU time, its JIT compiler threads' CPU time, and its memory now.
     *
     * @throws IllegalStateException if {@code /proc} cannot be read for it (it exited, or this is not Linux)
     */
    ProcessUsage sample() {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            // The threads first and the whole process after: the process's total then cannot fall short of
            // the compiler threads' share of it by the time that passes between the two reads.
            Map<Long, Double> compilerThreads = compilerThreadSeconds(proc.resolve("task"));
            Stat stat = Stat.parse(Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII));
            long rss = 0;
            long peak = 0;
            for (String line : Files.readAllLines(proc.resolve("status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line) * 1024;
                } else if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line) * 1024;
                }
            }
            return new ProcessUsage(stat.cpuTicks() / (double) TICKS_PER_SECOND, compilerThreads, rss, peak);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc for process " + pid + ": " + e, e);
        }
    }

    /** The CPU seconds of each JIT compiler thread now in the process, by thread id. */
    private static Map<Long, Double> compilerThreadSeconds(Path tasks) throws IOException {
        Map<Long, Double> seconds = new HashMap<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(tasks)) {
            for (Path task : listing) {
                String line;
                try {
                    line = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    // HotSpot starts and stops compiler threads as the compile queue grows and empties, so a
                    // thread listed a moment ago may be gone; what it spent is lost to this sample, not an error.
                    continue;
                }
                Stat stat = Stat.parse(line);
                if (stat.jitCompiler()) {
                    seconds.put(Long.parseLong(task.getFileName().toString()),
                            stat.cpuTicks() / (double) TICKS_PER_SECOND);
                }
            }
        }
        return seconds;
    }

    /**
     * What a {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat} line says about CPU time.
     *
     * <p>Immutable, so thread-safe.
     *
     * @param command the command (for a thread, its name) as the kernel keeps it, at most 15 characters
     * @param cpuTicks user plus system CPU time in clock ticks
     */
    record Stat(String command, long cpuTicks) {

        // Linux keeps 15 characters of a thread's name, so HotSpot's "C2 CompilerThread0" reads as
        // "C2 CompilerThre". JVMCI compilers (Graal) run in threads named after the compiler instead, with
        // "JVMCI-native" when Graal runs as a native library (libgraal).
        private static final List<String> COMPILER_PREFIXES = List.of("C1 CompilerThre", "C2 CompilerThre",
                "JVMCI CompilerT", "JVMCI-native Co");

        /**
         * Parses one stat line.
         *
         * @throws IllegalArgumentException if the line does not have the stat format
         */
        static Stat parse(String line) {
            int open = line.indexOf('(');
            // The name is the thread's own choice and may hold spaces and ')': only the last ')' closes it.
            int close = line.lastIndexOf(')');
            if (open < 0 || close < open) {
                throw new IllegalArgumentException("not a /proc stat line: " + line);
            }
            String[] fields = line.substring(close + 1).trim().split("\\s+");
            if (fields.length < 13) {
                throw new IllegalArgumentException("not a /proc stat line: " + line);
            }
            try {
                // fields[0] is field 3 of the whole line (the state); utime and stime are fields 14 and 15.
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                return new Stat(line.substring(open + 1, close), ticks);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a /proc stat line: " + line, e);
            }
        }

        /** True for a HotSpot C1 or C2 compiler thread or a JVMCI (Graal) one. */
        boolean jitCompiler() {
            return COMPILER_PREFIXES.stream().anyMatch(command::startsWith);
        }
    }

    static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            try (InputStream out = getconf.getInputStream()) {
                String text = new String(out.readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                    long ticks = Long.parseLong(text);
                    if (ticks > 0) {
                        return ticks;
                    }
                }
            } finally {
                getconf.destroy();
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the usual value
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    private static long kilobytes(String statusLine) {
        String[] parts = statusLine.trim().split("\\s+");
        return Long.parseLong(parts[1]);
    }
}
