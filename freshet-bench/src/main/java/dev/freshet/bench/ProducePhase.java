package dev.freshet.bench;

/**
 * The write phases: {@code put-records} (PutRecords batches of {@code --batch}), {@code put-record}
 * (one record per call) and {@code many-shards} (PutRecords into a stream of {@code --many-shards}
 * shards), each with {@code --threads} writers as fast as the server answers.
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
            ProducerLoop loop = new ProducerLoop(context.kinesis(), stream.name(), new Payload(options.recordBytes()),
                    options.threads(), options.batch(), single, null, options.requestTimeout());
            ResourceWindow window = context.openWindow();
            ProducerLoop.Outcome outcome = loop.run(new RecordBudget(options.maxRecords(), options.duration()));
            ResourceWindow.Costs costs = window.close(outcome.acknowledged(),
                    outcome.acknowledged() * options.recordBytes());
            StringBuilder note = new StringBuilder();
            if (manyShards) {
                note.append(String.format("%d shards ACTIVE %.2f s after CreateStream", stream.shardIds().size(),
                        stream.creation().toNanos() / 1e9));
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
