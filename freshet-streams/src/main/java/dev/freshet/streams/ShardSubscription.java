package dev.freshet.streams;

import dev.freshet.api.StreamRecord;
import dev.freshet.api.SubscribeToShardEvent;
import dev.freshet.api.errors.InternalFailureException;
import dev.freshet.api.errors.KinesisException;
import dev.freshet.api.errors.ResourceNotFoundException;
import dev.freshet.storage.ReadBatch;
import dev.freshet.storage.ShardLog;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * One SubscribeToShard subscription: pushes a shard's records to one subscriber as
 * {@link SubscribeToShardEvent}s, as fast as the subscriber asks for them and as soon as they are
 * appended (an append listener wakes it; no polling interval), then ends.
 *
 * <p>The first event goes out at once, with or without records, so the consumer learns its
 * ContinuationSequenceNumber; after that an event carries whatever records have arrived (at most
 * {@link #MAX_RECORDS}, {@link #MAX_BYTES}), and an empty one is sent when nothing has been sent for
 * {@link #HEARTBEAT_MILLIS}, as AWS does (a ticker wakes the drain that often). At the end of a
 * closed shard the last event carries ChildShards and the subscription completes; otherwise it
 * completes after {@link #LIFETIME_MILLIS}.
 *
 * <p>Thread-safe: {@link #request} and {@link #cancel} may come from any thread; events are produced
 * by one drain at a time on the engine's subscription executor, and the subscriber's methods are
 * called from that drain only (so, serially, as {@link Flow} requires).
 */
final class ShardSubscription implements Flow.Subscription {

    static final long LIFETIME_MILLIS = 300_000;
    static final long HEARTBEAT_MILLIS = 5_000;
    static final int MAX_RECORDS = 10_000;
    static final long MAX_BYTES = 1L << 20;
    private static final Logger LOG = System.getLogger(ShardSubscription.class.getName());

    private final Stream stream;
    private final ShardMetadata shard;
    private final Flow.Subscriber<? super SubscribeToShardEvent> subscriber;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Runnable onEnd;
    private final long deadline;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean done = new AtomicBoolean();
    private final Runnable wake = this::schedule;
    /** Wakes the drain for heartbeats and the end of the lifetime; cancelled at the end. */
    private volatile ScheduledFuture<?> ticker;
    /** Touched by the drain only. */
    private long offset;
    private boolean sentAny;
    private long lastEventMillis;
    /** The ContinuationSequenceNumber for {@link #offset}, once computed: heartbeats repeat it. */
    private String continuation;

    ShardSubscription(Stream stream, ShardMetadata shard, long offset,
            Flow.Subscriber<? super SubscribeToShardEvent> subscriber, ScheduledExecutorService executor, Clock clock,
            Runnable onEnd) {
        this.stream = stream;
        this.shard = shard;
        this.offset = offset;
        this.subscriber = subscriber;
        this.executor = executor;
        this.clock = clock;
        this.onEnd = onEnd;
        this.deadline = clock.millis() + LIFETIME_MILLIS;
    }

    /** Starts pushing: hands the subscriber this subscription and listens for appends. */
    void start() {
        stream.onAppend(shard.index(), wake);
        subscriber.onSubscribe(this);
        ticker = executor.scheduleAtFixedRate(wake, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        if (done.get()) {
            ticker.cancel(false);
        }
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            finish(new IllegalArgumentException("Flow.Subscription.request needs a positive count: " + n));
            return;
        }
        demand.getAndAccumulate(n, (current, added) -> current + added < 0 ? Long.MAX_VALUE : current + added);
        schedule();
    }

    @Override
    public void cancel() {
        end();
    }

    private void schedule() {
        if (!done.get() && wip.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    /** Emits events while there is demand and something to say; one drain runs at a time. */
    private void drain() {
        int missed = 1;
        do {
            try {
                while (!done.get() && demand.get() > 0 && emitOne()) {
                    demand.decrementAndGet();
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "subscription to " + shard.shardId() + " failed", e);
                finish(e instanceof KinesisException ? e : new InternalFailureException(null));
                return;
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Emits the next event if one is due; false if there is nothing to send yet. */
    private boolean emitOne() throws IOException {
        long now = clock.millis();
        if (now >= deadline) {
            finish(null);
            return false;
        }
        ShardMetadata current = stream.router().shard(shard.index());
        if (current == null) {
            finish(new ResourceNotFoundException("Shard " + shard.shardId() + " in stream "
                    + stream.metadata().name() + " under account " + stream.metadata().accountId()
                    + " no longer exists."));
            return false;
        }
        ShardLog log = stream.log(current);
        ReadBatch batch = RecordReader.read(stream, log, offset, MAX_RECORDS, MAX_BYTES, now);
        boolean atEnd = current.exhaustedAt(batch.nextOffset());
        boolean heartbeatDue = !sentAny || now - lastEventMillis >= HEARTBEAT_MILLIS;
        if (batch.records().isEmpty() && !atEnd && !heartbeatDue) {
            return false;
        }
        List<StreamRecord> records = RecordReader.toApi(stream, current, batch);
        if (!records.isEmpty()) {
            continuation = records.get(records.size() - 1).sequenceNumber();
        } else if (continuation == null || batch.nextOffset() != offset) {
            continuation = stream.sequenceNumberBefore(current, batch.nextOffset());
        }
        offset = batch.nextOffset();
        long behind = RecordReader.millisBehind(batch, log, now);
        sentAny = true;
        lastEventMillis = now;
        // A closed shard's last event has no ContinuationSequenceNumber, as on AWS (the model calls it
        // required): there is nothing to continue from, and the KCL and Flink take its absence, with
        // ChildShards, as the shard's end; the KCL refuses an end event that has one.
        subscriber.onNext(new SubscribeToShardEvent(records, atEnd ? null : continuation, behind,
                atEnd ? RecordReader.children(stream.metadata(), current) : null));
        if (atEnd) {
            finish(null);
            return false;
        }
        return true;
    }

    /** Ends the subscription, completing the subscriber normally ({@code failure == null}) or with an error. */
    private void finish(Throwable failure) {
        if (end()) {
            if (failure == null) {
                subscriber.onComplete();
            } else {
                subscriber.onError(failure);
            }
        }
    }

    private boolean end() {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        stream.removeAppendListener(shard.index(), wake);
        ScheduledFuture<?> scheduled = ticker;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        onEnd.run();
        return true;
    }
}
