package dev.freshet.bench;

import java.time.Duration;

/**
 * Unmeasured load before the first phase: PutRecords for the warm-up time, then a drain of what was
 * written, on a stream of its own. JIT compilers (HotSpot's for Freshet, V8's for the Node servers)
 * compile hot paths only after they have run a while, and without this the first phase would measure
 * the compiler. Bounded like any phase: by the warm-up time and the options' record count.
 *
 * <p>Stateless and thread-safe.
 */
final class Warmup {

    private Warmup() {}

    static void run(PhaseContext context, Duration time) throws InterruptedException {
        BenchOptions options = context.options();
        try (BenchStream stream = context.createStream("warmup", options.shards())) {
            DeliveryLedger ledger = new DeliveryLedger(options.recordBytes());
            ProducerLoop.Outcome fill = new ProducerLoop(context.kinesis(), stream.name(),
                    new Payload(options.recordBytes()), options.threads(), options.batch(), false, ledger,
                    options.requestTimeout()).run(new RecordBudget(options.maxRecords(), time));
            Drainer.Outcome drain = new Drainer(context.kinesis(), stream, options.threads(), ledger)
                    .drain(System.nanoTime() + time.toNanos(), DrainPhase.maxCallsPerShard(fill));
            context.log().printf("   warm-up: wrote %,d records, read %,d%s%n", fill.acknowledged(), drain.records(),
                    fill.firstError() == null ? "" : "; first error: " + fill.firstError());
        }
    }
}
