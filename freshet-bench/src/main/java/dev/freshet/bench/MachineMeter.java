package dev.freshet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the whole machine's CPU time from the first line of {@code /proc/stat}, to tell how much of it the
 * hypervisor gave to other guests (steal time). On a shared virtual machine a run during which steal was
 * high measures the host, not the servers: every figure falls with it.
 *
 * <pre>
 * cpu  user nice system idle iowait irq softirq steal guest guest_nice     (clock ticks since boot)
 * </pre>
 *
 * <p>The total is the sum of the first eight values: guest time is already counted in user and nice.
 *
 * <p>Thread-safe: immutable; every sample reads the file afresh.
 */
final class MachineMeter {

    private static final int STEAL = 7;
    private static final int COUNTED = 8;

    private final Path stat;

    MachineMeter(Path stat) {
        this.stat = stat;
    }

    /** This machine's {@code /proc/stat}. */
    static MachineMeter system() {
        return new MachineMeter(Path.of("/proc/stat"));
    }

    /** The machine's CPU time now, or null if it cannot be read (not Linux) or makes no sense. */
    Ticks sample() {
        String first;
        try (var lines = Files.lines(stat)) {
            first = lines.findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            return null;
        }
        String[] fields = first.trim().split("\\s+");
        if (fields.length < COUNTED + 1 || !fields[0].equals("cpu")) {
            return null;
        }
        long total = 0;
        long steal = 0;
        try {
            for (int i = 0; i < COUNTED; i++) {
                long value = Long.parseLong(fields[i + 1]);
                total += value;
                if (i == STEAL) {
                    steal = value;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return new Ticks(total, steal);
    }

    /** Clock ticks of all CPUs since boot: all of them, and those stolen. */
    record Ticks(long total, long steal) {

        /** The share of the CPU time since {@code earlier} that was stolen, in percent; NaN if none passed. */
        double stealPercentSince(Ticks earlier) {
            long passed = total - earlier.total;
            return passed <= 0 ? Double.NaN : 100.0 * (steal - earlier.steal) / passed;
        }
    }
}
