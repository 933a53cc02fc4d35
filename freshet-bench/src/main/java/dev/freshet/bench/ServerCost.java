package dev.freshet.bench;

/**
 * What the server process spent on a phase's measured part.
 *
 * @param cpuSeconds user plus system CPU seconds over the window
 * @param cpuSecondsPerMillionRecords CPU seconds per million records, which is also microseconds per record
 * @param cpuSecondsPerGigabyte CPU seconds per 10^9 bytes of record data, which is also nanoseconds per byte
 * @param rssMegabytes resident memory at the end, in MiB
 * @param peakRssMegabytes the process's peak resident memory so far, in MiB
 */
record ServerCost(double cpuSeconds, double cpuSecondsPerMillionRecords, double cpuSecondsPerGigabyte,
        double rssMegabytes, double peakRssMegabytes) {}
