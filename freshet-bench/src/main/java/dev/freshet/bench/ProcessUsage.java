package dev.freshet.bench;

/**
 * One sample of a process's resources.
 *
 * @param cpuSeconds user plus system CPU time since the process started
 * @param rssBytes resident memory now
 * @param peakRssBytes the most resident memory so far ({@code VmHWM})
 */
record ProcessUsage(double cpuSeconds, long rssBytes, long peakRssBytes) {}
