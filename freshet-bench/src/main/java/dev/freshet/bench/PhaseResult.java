package dev.freshet.bench;

/**
 * A phase's figures, as the load generator writes them to its JSON output and compares them across
 * servers. Fields that do not apply (no server PID, no latency measured, nothing verified) are null.
 *
 * @param server the server's label
 * @param phase the phase's name
 * @param scenario the phase with the settings that change its figures, e.g.
 *     {@code put-records json raw 4 thr 500x100 B 4 shards}; results of the same scenario compare
 * @param records records written (or, for drain, read) in the measured window
 * @param rejectedRecords records the server rejected or whose call failed
 * @param failedCalls calls that failed as a whole
 * @param seconds the measured window's wall-clock length
 * @param latency the latency of the phase's calls, or of put-to-get
 * @param serverCost the server's CPU and memory over the window
 * @param clientCpuMicrosPerRecord the load generator's own CPU per record
 * @param stealPercent the share of the machine's CPU time stolen by the hypervisor over the window, in
 *     percent: figures measured while it was high measure the host rather than the servers
 * @param verification what reading back found, for phases that read back
 * @param note something a reader of the figures should know
 * @param error why the phase could not run, or null if it ran
 */
record PhaseResult(
        String server,
        String phase,
        String scenario,
        String client,
        String format,
        int threads,
        int recordBytes,
        int batch,
        int shards,
        long records,
        long rejectedRecords,
        long failedCalls,
        double seconds,
        double recordsPerSecond,
        double megabytesPerSecond,
        LatencySummary latency,
        ServerCost serverCost,
        Double clientCpuMicrosPerRecord,
        Double stealPercent,
        Verification verification,
        String note,
        String error) {

    /** The result of a phase that could not run. */
    static PhaseResult failed(BenchOptions options, String phase, Throwable error) {
        return new PhaseResult(options.label(), phase, scenario(options, phase, options.shards()), options.client(),
                options.format().label(), options.threads(), options.recordBytes(), options.batch(), options.shards(),
                0, 0, 0, 0, 0, 0, null, null, null, null, null, null, String.valueOf(error.getMessage() == null
                        ? error.toString() : error.getMessage()));
    }

    /** The result of a phase that only has something to say. */
    static PhaseResult noteOnly(BenchOptions options, String phase, String note) {
        return new PhaseResult(options.label(), phase, scenario(options, phase, options.shards()), options.client(),
                options.format().label(), options.threads(), options.recordBytes(), options.batch(), options.shards(),
                0, 0, 0, 0, 0, 0, null, null, null, null, null, note, null);
    }

    /** A measured result; rates come from the records and the window's length. */
    static PhaseResult measured(BenchOptions options, String phase, int shards, int threads, long records,
            long rejected, long failedCalls, ResourceWindow.Costs costs, LatencySummary latency,
            Verification verification, String note) {
        double seconds = costs.seconds();
        return new PhaseResult(options.label(), phase, scenario(options, phase, shards), options.client(),
                options.format().label(), threads, options.recordBytes(), options.batch(), shards,
                records, rejected, failedCalls, seconds, records / seconds,
                records * (double) options.recordBytes() / seconds / 1e6, latency, costs.server(),
                Double.isNaN(costs.clientCpuMicrosPerRecord()) ? null : costs.clientCpuMicrosPerRecord(),
                Double.isNaN(costs.stealPercent()) ? null : costs.stealPercent(), verification, note, null);
    }

    /** The settings that shape a phase's figures, in a stable human-readable form. */
    static String scenario(BenchOptions options, String phase, int shards) {
        String common = options.format().label() + " " + options.client() + " " + size(options.recordBytes());
        return switch (phase) {
            case "put-records", "many-shards" -> phase + " " + common + " x" + options.batch() + " "
                    + options.threads() + " thr " + shards + " shards";
            case "put-record" -> phase + " " + common + " " + options.threads() + " thr " + shards + " shards";
            case "drain" -> phase + " " + common + " " + shards + " shards";
            case "put-get-latency" -> phase + " " + common + " " + options.rate() + "/s " + shards + " shards";
            default -> phase;
        };
    }

    private static String size(int bytes) {
        return bytes % 1024 == 0 && bytes >= 1024 ? (bytes / 1024) + " KiB" : bytes + " B";
    }
}
