package dev.freshet.bench;

/**
 * Phase results with made-up figures, for the tests of what reads and renders them.
 *
 * <p>Stateless and thread-safe.
 */
final class Results {

    private Results() {}

    /** A measured put-records or drain result of 100-byte records, 500 to a call, 4 writers. */
    static PhaseResult measured(String server, String phase, long records, double recordsPerSecond,
            ServerCost cost) {
        return measured(server, phase, 100, records, recordsPerSecond, cost);
    }

    static PhaseResult measured(String server, String phase, int recordBytes, long records,
            double recordsPerSecond, ServerCost cost) {
        String scenario = phase + " json raw " + recordBytes + " B x500 4 thr 4 shards";
        return new PhaseResult(server, phase, scenario, "raw", "json", 4, recordBytes, 500, 4, records, 0, 0,
                records / recordsPerSecond, recordsPerSecond, recordsPerSecond * recordBytes / 1e6, null, cost, 1.5,
                null, null, null, null);
    }

    static PhaseResult failed(String server, String phase) {
        return new PhaseResult(server, phase, phase + " json raw 100 B x500 4 thr 4 shards", "raw", "json", 4, 100,
                500, 4, 0, 0, 0, 0, 0, 0, null, null, null, null, null, null, "connection refused");
    }

    /**
     * A server cost over a window of 1,000,000 records of 100 bytes (10^8 bytes), so that the CPU seconds
     * are also the seconds per million records and a tenth of the seconds per GB.
     */
    static ServerCost cost(double cpuSeconds, double jitCompilerCpuSeconds) {
        double withoutJit = cpuSeconds - jitCompilerCpuSeconds;
        return new ServerCost(cpuSeconds, jitCompilerCpuSeconds, cpuSeconds, cpuSeconds * 10, withoutJit,
                withoutJit * 10, 200, 250);
    }
}
