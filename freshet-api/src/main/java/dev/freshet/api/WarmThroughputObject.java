package dev.freshet.api;

/** A stream's warm throughput: target and current MiB/s. */
public record WarmThroughputObject(Integer targetMiBps, Integer currentMiBps) {}
