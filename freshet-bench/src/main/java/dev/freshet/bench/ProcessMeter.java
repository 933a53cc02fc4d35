package dev.freshet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reads a Linux process's CPU time and memory from {@code /proc}: user plus system CPU from
 * {@code /proc/PID/stat} (fields 14 and 15, in clock ticks of {@code getconf CLK_TCK}, 100 if that cannot
 * be run), and resident memory, current and peak, from {@code /proc/PID/status}. On a shared, noisy
 * machine CPU time per unit of work is steadier than wall-clock throughput, so reports lead with it.
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
     * The process's CPU time and memory now.
     *
     * @throws IllegalStateException if {@code /proc} cannot be read for it (it exited, or this is not Linux)
     */
    ProcessUsage sample() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long utime = Long.parseLong(fields[11]); // field 14 of the whole line
            long stime = Long.parseLong(fields[12]); // field 15
            long rss = 0;
            long peak = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"),
                    StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line) * 1024;
                } else if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line) * 1024;
                }
            }
            return new ProcessUsage((utime + stime) / (double) TICKS_PER_SECOND, rss, peak);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc for process " + pid + ": " + e, e);
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
