package dev.freshet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * {@code put-push-latency}: PutRecord at a fixed rate (as {@code put-get-latency} does) while one
 * enhanced fan-out consumer holds a SubscribeToShard subscription per shard over HTTP/2, so records are
 * pushed rather than polled. With {@code --client raw} (on an {@code http://} endpoint) the subscriptions
 * are a lean {@link RawSubscriber}'s streams, because the AWS SDK for Java v2's async client adds a tail of
 * its own; with {@code --client sdk} they are that client's. The latency of a record is from just before
 * its PutRecord was sent to the arrival of the event that carries it (its message complete on the raw
 * subscriber; its delivery to the event handler on the SDK).
 * Every acknowledged record must arrive exactly once. An endpoint that does not serve
 * SubscribeToShard (it answers UnknownOperationException) gets a note instead.
 *
 * <p>A subscription lives five minutes on AWS: keep {@code --duration} under that.
 *
 * <p>Stateless and thread-safe.
 */
final class PutPushLatencyPhase implements Phase {

    @Override
    public String name() {
        return "put-push-latency";
    }

    @Override
    public PhaseResult run(PhaseContext context) throws InterruptedException {
        BenchOptions options = context.options();
        try (RawKinesis probe = new RawKinesis(options.endpoint(), options.format(), options.region(),
                options.accessKey(), options.requestTimeout())) {
            if (!probe.serves("RegisterStreamConsumer") || !probe.serves("SubscribeToShard")) {
                return PhaseResult.noteOnly(options, name(), "SubscribeToShard is not served yet: the endpoint "
                        + "answered UnknownOperationException; put-to-push latency not measured");
            }
        }
        try (BenchStream stream = context.createStream(name(), options.shards());
                KinesisAsyncClient async = asyncClient(options)) {
            String consumerArn = register(async, stream.name(), options.streamWait());
            DeliveryLedger ledger = new DeliveryLedger(options.recordBytes());
            Recorder endToEnd = new Recorder(LatencySummary.HIGHEST_MICROS, 3);
            AtomicReference<String> firstError = new AtomicReference<>();
            AtomicBoolean cancelling = new AtomicBoolean();
            List<CompletableFuture<Void>> started = new ArrayList<>();
            boolean raw = options.client().equals("raw") && "http".equalsIgnoreCase(options.endpoint().getScheme());
            String how = raw ? "raw h2c subscriber" : "AWS SDK async client"
                    + (options.client().equals("raw") ? " (the raw subscriber speaks http:// only)" : "");
            List<String> shards = stream.shardIds();
            Runnable stop;
            if (raw) {
                RawSubscriber subscriber = rawSubscriber(options, ledger, endToEnd, cancelling, firstError);
                stop = subscriber::close;
                for (String shard : shards) {
                    started.add(subscriber.subscribe(consumerArn, shard));
                }
            } else {
                stop = subscribeSdk(async, consumerArn, shards, ledger, endToEnd, cancelling, firstError, started);
            }
            try {
                return measure(context, stream, async, consumerArn, ledger, endToEnd, cancelling, firstError, started,
                        stop, how);
            } finally {
                cancelling.set(true);
                stop.run();
            }
        }
    }

    /** Runs the writers once every subscription has started, and waits (bounded) for every record's push. */
    private PhaseResult measure(PhaseContext context, BenchStream stream, KinesisAsyncClient async,
            String consumerArn, DeliveryLedger ledger, Recorder endToEnd, AtomicBoolean cancelling,
            AtomicReference<String> firstError, List<CompletableFuture<Void>> started, Runnable stop, String how)
            throws InterruptedException {
        BenchOptions options = context.options();
        try {
            // Bounded: an endpoint may accept SubscribeToShard and never answer it.
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
                    .get(options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException silent) {
            cancelling.set(true);
            stop.run();
            async.deregisterStreamConsumer(b -> b.consumerARN(consumerArn)).exceptionally(failure -> null)
                    .completeOnTimeout(null, options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS).join();
            return PhaseResult.noteOnly(options, name(), "SubscribeToShard accepted but no initial response within "
                    + options.requestTimeout() + " on " + started.stream().filter(f -> !f.isDone()).count() + " of "
                    + started.size() + " shards; put-to-push latency not measured");
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        }

        Payload payload = new Payload(options.recordBytes());
        long total = Math.min(options.maxRecords(),
                Math.max(1, (long) (options.rate() * (options.duration().toNanos() / 1e9))));
        RecordBudget budget = new RecordBudget(total, options.duration());
        long hardStop = budget.deadlineNanos() + PutGetLatencyPhase.GRACE_NANOS;
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ResourceWindow window = context.openWindow();
        long start = System.nanoTime();
        int writerCount = Math.max(options.threads(),
                (options.rate() + PutGetLatencyPhase.RATE_PER_WRITER - 1) / PutGetLatencyPhase.RATE_PER_WRITER);
        long periodNanos = (long) (1e9 * writerCount / options.rate());
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < writerCount; w++) {
            int producer = w;
            long offset = (long) (1e9 * w / options.rate());
            Thread writer = new Thread(() -> PutGetLatencyPhase.produce(context.kinesis(), stream.name(), payload,
                    producer, start + offset, periodNanos, budget, ledger, sent, failed, firstError),
                    "bench-push-writer-" + w);
            writer.setDaemon(true);
            writers.add(writer);
            writer.start();
        }
        PutGetLatencyPhase.join(writers, hardStop + options.requestTimeout().toNanos());
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        // Bounded: until every acknowledged record was pushed, or the grace period is over.
        while (System.nanoTime() - hardStop < 0 && ledger.seenAcknowledgedCount() < ledger.acknowledgedCount()) {
            LockSupport.parkNanos(1_000_000);
        }
        long acknowledged = ledger.acknowledgedCount();
        ResourceWindow.Costs costs = window.close(acknowledged, acknowledged * options.recordBytes());
        cancelling.set(true);
        stop.run();
        async.deregisterStreamConsumer(b -> b.consumerARN(consumerArn)).exceptionally(failure -> null).join();
        String note = String.format("sent %.0f records/s (target %d) from %d paced writers; %d SubscribeToShard "
                + "subscriptions over HTTP/2 (%s)", sent.get() / writeSeconds, options.rate(), writerCount,
                started.size(), how) + (firstError.get() == null ? "" : "; first error: " + firstError.get());
        return PhaseResult.measured(options, name(), stream.shardIds().size(), writerCount, acknowledged,
                failed.get(), failed.get(), costs,
                LatencySummary.of("put to push", endToEnd.getIntervalHistogram()), ledger.verify(), note);
    }

    /** Subscribes to every shard with the raw subscriber; its close ends them all. */
    private static RawSubscriber rawSubscriber(BenchOptions options, DeliveryLedger ledger, Recorder endToEnd,
            AtomicBoolean cancelling, AtomicReference<String> firstError) throws InterruptedException {
        try {
            return new RawSubscriber(options.endpoint(), options.region(), options.accessKey(),
                    options.requestTimeout(), (arrival, data) -> observe(arrival, data, ledger, endToEnd),
                    (shard, failure) -> {
                        if (!cancelling.get()) {
                            firstError.compareAndSet(null, shard + ": " + failure);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Subscribes to every shard with the SDK, adding each initial response's future to {@code started}. */
    private static Runnable subscribeSdk(KinesisAsyncClient async, String consumerArn, List<String> shards,
            DeliveryLedger ledger, Recorder endToEnd, AtomicBoolean cancelling, AtomicReference<String> firstError,
            List<CompletableFuture<Void>> started) {
        List<CompletableFuture<Void>> subscriptions = new ArrayList<>();
        for (String shard : shards) {
            CompletableFuture<Void> initial = new CompletableFuture<>();
            started.add(initial);
            subscriptions.add(async.subscribeToShard(b -> b.consumerARN(consumerArn).shardId(shard)
                    .startingPosition(p -> p.type(ShardIteratorType.TRIM_HORIZON)),
                    SubscribeToShardResponseHandler.builder()
                            .onResponse(response -> initial.complete(null))
                            .onError(failure -> {
                                initial.completeExceptionally(failure);
                                if (!cancelling.get()) {
                                    firstError.compareAndSet(null, String.valueOf(failure));
                                }
                            })
                            .subscriber(SubscribeToShardResponseHandler.Visitor.builder()
                                    .onSubscribeToShardEvent(event -> observe(event, ledger, endToEnd))
                                    .build())
                            .build()));
        }
        return () -> subscriptions.forEach(subscription -> subscription.cancel(true));
    }

    private static void observe(SubscribeToShardEvent event, DeliveryLedger ledger, Recorder endToEnd) {
        long now = System.nanoTime();
        List<byte[]> data = new ArrayList<>(event.records().size());
        for (var record : event.records()) {
            data.add(record.data().asByteArrayUnsafe());
        }
        observe(now, data, ledger, endToEnd);
    }

    /** Records each record's put-to-push latency (to {@code arrivalNanos}) and its delivery. */
    private static void observe(long arrivalNanos, List<byte[]> records, DeliveryLedger ledger, Recorder endToEnd) {
        for (byte[] data : records) {
            if (data.length >= Payload.HEADER_BYTES) {
                LatencySummary.record(endToEnd, arrivalNanos - Payload.sentNanosOf(data));
            }
        }
        ledger.observe(records);
    }

    /** Registers the phase's consumer and waits (bounded) until it is ACTIVE. */
    private static String register(KinesisAsyncClient async, String stream, Duration wait) throws InterruptedException {
        String streamArn = async.describeStreamSummary(b -> b.streamName(stream)).join()
                .streamDescriptionSummary().streamARN();
        String consumerArn = async.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("freshet-bench"))
                .join().consumer().consumerARN();
        long deadline = System.nanoTime() + wait.toNanos();
        while (async.describeStreamConsumer(b -> b.consumerARN(consumerArn)).join().consumerDescription()
                .consumerStatus() != ConsumerStatus.ACTIVE) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("consumer " + consumerArn + " did not become ACTIVE within " + wait);
            }
            Thread.sleep(50);
        }
        return consumerArn;
    }

    private static KinesisAsyncClient asyncClient(BenchOptions options) {
        return KinesisAsyncClient.builder()
                .endpointOverride(options.endpoint())
                .region(Region.of(options.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(options.accessKey(), "freshet-bench-secret")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2))
                // No call timeout: it would end a subscription, which is one long call.
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
    }
}
