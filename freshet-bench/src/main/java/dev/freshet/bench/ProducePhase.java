package dev.freshet.bench;

/**
 * The write phases: {@code put-records} (PutRecords batches of {@code --batch}), {@code put-record}
 * (one record per call) and {@code many-shards} (PutRecords into a stream of {@code --many-shards}
 * shards), each with {@code --threads} writers as fast as the server answers. {@code many-shards} first
 * writes one record to every shard, unmeasured ({@link ShardWarmup}), so that it measures a stream of
 * that many open shards in a steady state, not the creation of their files.
 *
 * <p>Stateless and thread-safe.
 */
final class ProducePhase implements Phase {

    private final String name;
    private final boolean single;
    private final boolean manyShards;

    private ProducePhase(String name, boolean single, boolean manyShards) {
        this.name = name;
        this.single = single;
        this.manyShards = manyShards;
    }

    static ProducePhase putRecords() {
        return new ProducePhase("put-records", false, false);
    }

    static ProducePhase putRecord() {
        return new ProducePhase("put-record", true, false);
    }

    static ProducePhase manyShards() {
        return new ProducePhase("many-shards", false, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PhaseResult run(PhaseContext context) throws InterruptedException {
        BenchOptions options = context.options();
        int shards = manyShards ? options.manyShards() : options.shards();
        try (BenchStream stream = context.createStream(name, shards)) {
            Payload payload = new Payload(options.recordBytes());
            ShardWarmup.Outcome warmup = null;
            if (manyShards) {
                context.log().printf("   writing one record to each of %d shards first (not measured)%n",
                        stream.shardIds().size());
                // The measured writers are producers 0 .. threads - 1; the warm-up's records are the next one's.
                warmup = ShardWarmup.run(context.kinesis(), stream.name(), stream.shardIds().size(), payload,
                        options.threads(), options.threads(), options.batch(), options.streamWait(),
                        options.requestTimeout());
            }
            ProducerLoop loop = new ProducerLoop(context.kinesis(), stream.name(), payload,
                    options.threads(), options.batch(), single, null, options.requestTimeout());
            ResourceWindow window = context.openWindow();
            ProducerLoop.Outcome outcome = loop.run(new RecordBudget(options.maxRecords(), options.duration()));
            ResourceWindow.Costs costs = window.close(outcome.acknowledged(),
                    outcome.acknowledged() * options.recordBytes());
            StringBuilder note = new StringBuilder();
            if (warmup != null) {
                note.append(String.format("%d shards ACTIVE %.2f s after CreateStream; ", stream.shardIds().size(),
                        stream.creation().toNanos() / 1e9)).append(warmup.note());
            }
            if (outcome.firstError() != null) {
                note.append(note.length() > 0 ? "; " : "").append("first error: ").append(outcome.firstError());
            }
            return PhaseResult.measured(options, name, shards, options.threads(), outcome.acknowledged(),
                    outcome.rejected(), outcome.failedCalls(), costs,
                    LatencySummary.of(single ? "PutRecord call" : "PutRecords call", outcome.latency()), null,
                    note.length() == 0 ? null : note.toString());
        }
    }
}
