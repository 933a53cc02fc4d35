package dev.freshet.bench;

import java.util.Map;

/**
 * One sample of a process's resources.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param cpuSeconds user plus system CPU time since the process started, all threads, including those that
 *     have exited
 * @param compilerThreadCpuSeconds user plus system CPU time of each JIT compiler thread alive at the
 *     sample, by thread id, since that thread started; empty for a process that is not a JVM
 * @param rssBytes resident memory now
 * @param peakRssBytes the most resident memory so far ({@code VmHWM})
 */
record ProcessUsage(double cpuSeconds, Map<Long, Double> compilerThreadCpuSeconds, long rssBytes,
        long peakRssBytes) {

    ProcessUsage {
        compilerThreadCpuSeconds = Map.copyOf(compilerThreadCpuSeconds);
    }

    /** User plus system CPU time of the JIT compiler threads alive at the sample. */
    double jitCompilerCpuSeconds() {
        return compilerThreadCpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * The JIT compiler threads' CPU time from an earlier sample of the same process to this one.
     *
     * <p>Thread by thread rather than the difference of the sums: HotSpot stops idle compiler threads and
     * starts new ones, and a thread that stopped in between would otherwise take its whole past CPU time off
     * the figure, even below zero. A thread that stopped in between counts nothing, so the figure can fall
     * short by what such a thread spent before it stopped, never exceed what the threads spent.
     */
    double jitCompilerCpuSecondsSince(ProcessUsage earlier) {
        double seconds = 0;
        for (Map.Entry<Long, Double> thread : compilerThreadCpuSeconds.entrySet()) {
            Double before = earlier.compilerThreadCpuSeconds.get(thread.getKey());
            // Less than before means the id now belongs to a thread started since, so all of its time is new.
            seconds += before == null || before > thread.getValue() ? thread.getValue() : thread.getValue() - before;
        }
        return seconds;
    }
}
