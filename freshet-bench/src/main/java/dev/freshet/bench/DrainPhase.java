package dev.freshet.bench;

/**
 * {@code drain}: fills a stream with PutRecords (bounded by {@code --duration} and {@code --max-records};
 * not measured), then reads every shard back from {@code TRIM_HORIZON} with GetRecords (measured, bounded
 * by {@code --duration} again) and checks that every acknowledged record came back exactly once.
 *
 * <p>Stateless and thread-safe.
 */
final class DrainPhase implements Phase {

    @Override
    public String name() {
        return "drain";
    }

    @Override
    public PhaseResult run(PhaseContext context) throws InterruptedException {
        BenchOptions options = context.options();
        try (BenchStream stream = context.createStream(name(), options.shards())) {
            DeliveryLedger ledger = new DeliveryLedger(options.recordBytes());
            ProducerLoop.Outcome fill = fill(context, stream, ledger);
            ResourceWindow window = context.openWindow();
            Drainer.Outcome drain = new Drainer(context.kinesis(), stream, options.threads(), ledger)
                    .drain(System.nanoTime() + options.duration().toNanos(), maxCallsPerShard(fill));
            ResourceWindow.Costs costs = window.close(drain.records(), drain.bytes());
            Verification verification = ledger.verify();
            StringBuilder note = new StringBuilder(String.format("filled %d records at %.0f records/s first; %d "
                    + "GetRecords calls", fill.acknowledged(), fill.acknowledged() / (fill.elapsedNanos() / 1e9),
                    drain.calls()));
            if (drain.unfinishedShards() > 0) {
                note.append("; ").append(drain.unfinishedShards()).append(" shards not read to the tip in time");
            }
            if (fill.firstError() != null) {
                note.append("; first fill error: ").append(fill.firstError());
            }
            if (drain.firstError() != null) {
                note.append("; first drain error: ").append(drain.firstError());
            }
            return PhaseResult.measured(options, name(), options.shards(), Math.min(options.threads(),
                    stream.shardIds().size()), drain.records(), fill.rejected(), fill.failedCalls(), costs,
                    LatencySummary.of("GetRecords call", drain.latency()), verification, note.toString());
        }
    }

    /** Writes the records the drain will read back, entering each acknowledged one in the ledger. */
    static ProducerLoop.Outcome fill(PhaseContext context, BenchStream stream, DeliveryLedger ledger)
            throws InterruptedException {
        BenchOptions options = context.options();
        return new ProducerLoop(context.kinesis(), stream.name(), new Payload(options.recordBytes()), options.threads(),
                options.batch(), false, ledger, options.requestTimeout())
                .run(new RecordBudget(options.maxRecords(), options.duration()));
    }

    /** Enough calls to read every record one at a time, plus slack for empty pages: a bound, not a guess. */
    static long maxCallsPerShard(ProducerLoop.Outcome fill) {
        return fill.acknowledged() + fill.rejected() + 1_000;
    }
}
