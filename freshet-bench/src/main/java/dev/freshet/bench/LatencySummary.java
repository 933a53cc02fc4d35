package dev.freshet.bench;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram, in microseconds.
 *
 * @param meaning what was timed, e.g. {@code "PutRecords call"} or {@code "put to get"}
 * @param count how many values
 */
record LatencySummary(String meaning, long count, double p50, double p90, double p99, double p999, double max,
        double mean) {

    /** Highest value a histogram tracks, in microseconds: one hour. */
    static final long HIGHEST_MICROS = 3_600_000_000L;

    /** A histogram of microsecond values with three significant digits, as every phase records. */
    static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    static LatencySummary of(String meaning, Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return new LatencySummary(meaning, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN);
        }
        return new LatencySummary(meaning, histogram.getTotalCount(),
                histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9),
                histogram.getMaxValue(), histogram.getMean());
    }

    /** Records a nanosecond duration as microseconds, clamped to the histogram's range. */
    static void record(org.HdrHistogram.Recorder recorder, long nanos) {
        recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000)));
    }
}
