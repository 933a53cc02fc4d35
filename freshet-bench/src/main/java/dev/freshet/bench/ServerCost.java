package dev.freshet.bench;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the server process spent on a phase's measured part.
 *
 * <p>A JVM's JIT compiler threads spend much of its CPU in its first seconds after start, once, compiling
 * the code that then serves every record; their share is given apart so that the cost per record once
 * compiled can be read even after a short warm-up. The figures without it err high if at all: a compiler
 * thread that HotSpot stopped during the window takes what it spent in the window along, which then counts
 * as the server's own.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param cpuSeconds user plus system CPU seconds over the window, all threads
 * @param jitCompilerCpuSeconds the part of {@code cpuSeconds} spent by JIT compiler threads (0 for a server
 *     that is not a JVM)
 * @param cpuSecondsPerMillionRecords CPU seconds per million records, which is also microseconds per record
 * @param cpuSecondsPerGigabyte CPU seconds per 10^9 bytes of record data, which is also nanoseconds per byte
 * @param cpuSecondsPerMillionRecordsWithoutJit as {@code cpuSecondsPerMillionRecords}, without the JIT
 *     compiler threads
 * @param cpuSecondsPerGigabyteWithoutJit as {@code cpuSecondsPerGigabyte}, without the JIT compiler threads
 * @param rssMegabytes resident memory at the end, in MiB
 * @param peakRssMegabytes the process's peak resident memory so far, in MiB
 */
record ServerCost(double cpuSeconds, double jitCompilerCpuSeconds, double cpuSecondsPerMillionRecords,
        double cpuSecondsPerGigabyte, double cpuSecondsPerMillionRecordsWithoutJit,
        double cpuSecondsPerGigabyteWithoutJit, double rssMegabytes, double peakRssMegabytes) {

    private static final double MIB = 1024.0 * 1024.0;

    /** What the server spent from one sample of it to a later one, on this many records and bytes. */
    static ServerCost between(ProcessUsage start, ProcessUsage end, long records, long bytes) {
        double cpu = end.cpuSeconds() - start.cpuSeconds();
        // Each thread's time is rounded to clock ticks apart from the total's, which can let the compiler
        // threads' sum pass the total by a tick or so.
        double jit = Math.min(end.jitCompilerCpuSecondsSince(start), cpu);
        return new ServerCost(cpu, jit, per(cpu, records, 1e6), per(cpu, bytes, 1e9), per(cpu - jit, records, 1e6),
                per(cpu - jit, bytes, 1e9), end.rssBytes() / MIB, end.peakRssBytes() / MIB);
    }

    /** CPU seconds per {@code scale} units (per 10^6 is also µs per unit); NaN for no units. */
    private static double per(double cpuSeconds, long units, double scale) {
        return units == 0 ? Double.NaN : cpuSeconds / units * scale;
    }

    /**
     * Reads a result file. Files written before the JIT compiler's share was measured lack those figures;
     * they read as NaN, not measured, rather than as 0, which would meet every CPU target.
     */
    @JsonCreator
    static ServerCost fromJson(@JsonProperty("cpuSeconds") double cpuSeconds,
            @JsonProperty("jitCompilerCpuSeconds") Double jitCompilerCpuSeconds,
            @JsonProperty("cpuSecondsPerMillionRecords") double cpuSecondsPerMillionRecords,
            @JsonProperty("cpuSecondsPerGigabyte") double cpuSecondsPerGigabyte,
            @JsonProperty("cpuSecondsPerMillionRecordsWithoutJit") Double cpuSecondsPerMillionRecordsWithoutJit,
            @JsonProperty("cpuSecondsPerGigabyteWithoutJit") Double cpuSecondsPerGigabyteWithoutJit,
            @JsonProperty("rssMegabytes") double rssMegabytes,
            @JsonProperty("peakRssMegabytes") double peakRssMegabytes) {
        return new ServerCost(cpuSeconds, orNaN(jitCompilerCpuSeconds), cpuSecondsPerMillionRecords,
                cpuSecondsPerGigabyte, orNaN(cpuSecondsPerMillionRecordsWithoutJit),
                orNaN(cpuSecondsPerGigabyteWithoutJit), rssMegabytes, peakRssMegabytes);
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }
}
