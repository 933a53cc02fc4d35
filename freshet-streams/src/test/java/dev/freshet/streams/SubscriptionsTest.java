package dev.freshet.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.ChildShard;
import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.DeregisterStreamConsumerRequest;
import dev.freshet.api.PutRecordRequest;
import dev.freshet.api.RegisterStreamConsumerRequest;
import dev.freshet.api.RequestContext;
import dev.freshet.api.ShardIteratorType;
import dev.freshet.api.SplitShardRequest;
import dev.freshet.api.StartingPosition;
import dev.freshet.api.StreamRecord;
import dev.freshet.api.SubscribeToShardEvent;
import dev.freshet.api.SubscribeToShardRequest;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.ResourceInUseException;
import dev.freshet.api.errors.ResourceNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SubscribeToShard on the engine: events pushed as records are appended, lineage, limits, lifetime. */
class SubscriptionsTest {

    private static final RequestContext CALLER = new RequestContext("123456789012", "us-east-1");
    private static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/s";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private StreamEngine engine;
    private String consumerArn;

    @BeforeEach
    void start() throws IOException {
        engine = StreamEngine.open(EngineConfig.defaults().withClock(clock)
                .withDelays(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        engine.createStream(CALLER, new CreateStreamRequest("s", 1, null, null, null, null));
        clock.advance(Duration.ofSeconds(1));
        consumerArn = engine.registerStreamConsumer(CALLER, new RegisterStreamConsumerRequest(STREAM_ARN, "app", null))
                .consumer().consumerARN();
        clock.advance(Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    /** Collects what a subscription pushes; asks for one event at a time, like a flow-controlled client. */
    private static final class Collector implements Flow.Subscriber<SubscribeToShardEvent> {
        final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(SubscribeToShardEvent event) {
            signals.add(event);
            subscription.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            signals.add(failure);
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }

        Object next() throws InterruptedException {
            Object signal = signals.poll(10, TimeUnit.SECONDS);
            assertThat(signal).as("a signal within 10 s").isNotNull();
            return signal;
        }

        SubscribeToShardEvent nextEvent() throws InterruptedException {
            Object signal = next();
            assertThat(signal).isInstanceOf(SubscribeToShardEvent.class);
            return (SubscribeToShardEvent) signal;
        }
    }

    private Collector subscribe(String shard, StartingPosition position) {
        Collector collector = new Collector();
        engine.subscribeToShard(CALLER, new SubscribeToShardRequest(consumerArn, shard, position)).subscribe(collector);
        return collector;
    }

    private void put(String hashKey, String data) {
        engine.putRecord(CALLER, new PutRecordRequest("s", data.getBytes(StandardCharsets.UTF_8), "pk", hashKey,
                null, null)).join();
    }

    private static List<String> data(SubscribeToShardEvent event) {
        return event.records().stream().map(r -> new String(r.data(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void records_are_pushed_as_they_are_written_after_an_immediate_first_event() throws Exception {
        Collector collector = subscribe("shardId-000000000000", new StartingPosition(ShardIteratorType.LATEST,
                null, null));

        SubscribeToShardEvent first = collector.nextEvent();
        assertThat(first.records()).isEmpty();
        assertThat(first.millisBehindLatest()).isZero();
        put("1", "a");
        List<String> received = new ArrayList<>();
        while (received.size() < 1) {
            received.addAll(data(collector.nextEvent()));
        }
        put("1", "b");
        put("1", "c");
        SubscribeToShardEvent last = null;
        while (received.size() < 3) {
            last = collector.nextEvent();
            received.addAll(data(last));
        }
        assertThat(received).containsExactly("a", "b", "c");
        List<StreamRecord> records = last.records();
        assertThat(last.continuationSequenceNumber()).isEqualTo(records.get(records.size() - 1).sequenceNumber());
        collector.subscription.cancel();
    }

    @Test
    void resuming_after_the_continuation_of_an_empty_event_misses_nothing() throws Exception {
        Collector first = subscribe("shardId-000000000000", new StartingPosition(ShardIteratorType.TRIM_HORIZON,
                null, null));
        String continuation = first.nextEvent().continuationSequenceNumber();
        first.subscription.cancel();
        put("1", "written-between");

        Collector second = subscribe("shardId-000000000000", new StartingPosition(
                ShardIteratorType.AFTER_SEQUENCE_NUMBER, continuation, null));

        assertThat(data(second.nextEvent())).containsExactly("written-between");
        second.subscription.cancel();
    }

    @Test
    void a_second_subscription_of_a_consumer_to_a_shard_is_refused_until_the_first_ends() throws Exception {
        Collector first = subscribe("shardId-000000000000", new StartingPosition(ShardIteratorType.LATEST,
                null, null));
        first.nextEvent();

        assertThatThrownBy(() -> subscribe("shardId-000000000000",
                new StartingPosition(ShardIteratorType.LATEST, null, null)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessage("Another active subscription exists for this consumer: " + consumerArn);
        first.subscription.cancel();
        Collector second = subscribe("shardId-000000000000", new StartingPosition(ShardIteratorType.LATEST,
                null, null));
        assertThat(second.nextEvent().records()).isEmpty();
        second.subscription.cancel();
    }

    @Test
    void a_closed_shard_ends_with_its_children_and_completes() throws Exception {
        put("1", "in-parent");
        engine.splitShard(CALLER, new SplitShardRequest("s", "shardId-000000000000", "1000", null));
        clock.advance(Duration.ofSeconds(1));

        Collector collector = subscribe("shardId-000000000000",
                new StartingPosition(ShardIteratorType.TRIM_HORIZON, null, null));

        SubscribeToShardEvent event = collector.nextEvent();
        assertThat(data(event)).containsExactly("in-parent");
        assertThat(event.childShards()).extracting(ChildShard::shardId)
                .containsExactly("shardId-000000000001", "shardId-000000000002");
        // Consumers (the KCL, Flink) know the end by the missing ContinuationSequenceNumber.
        assertThat(event.continuationSequenceNumber()).isNull();
        assertThat(collector.next()).isEqualTo("complete");
    }

    @Test
    void a_subscription_completes_when_its_five_minutes_are_over() throws Exception {
        Collector collector = subscribe("shardId-000000000000",
                new StartingPosition(ShardIteratorType.LATEST, null, null));
        collector.nextEvent();

        clock.advance(Duration.ofMillis(ShardSubscription.LIFETIME_MILLIS));
        put("1", "late");

        assertThat(collector.next()).isEqualTo("complete");
    }

    @Test
    void a_consumer_must_be_active_and_named_by_a_consumer_arn() {
        String creating = engine.registerStreamConsumer(CALLER, new RegisterStreamConsumerRequest(STREAM_ARN, "new",
                null)).consumer().consumerARN();
        StartingPosition latest = new StartingPosition(ShardIteratorType.LATEST, null, null);
        assertThatThrownBy(() -> engine.subscribeToShard(CALLER,
                new SubscribeToShardRequest(creating, "shardId-000000000000", latest)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessage("Consumer " + creating + " under account 123456789012 is not ACTIVE.");
        assertThatThrownBy(() -> engine.subscribeToShard(CALLER,
                new SubscribeToShardRequest(STREAM_ARN, "shardId-000000000000", latest)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid ConsumerARN " + STREAM_ARN + ".");
        engine.deregisterStreamConsumer(CALLER, new DeregisterStreamConsumerRequest(null, null, consumerArn));
        assertThatThrownBy(() -> subscribe("shardId-000000000000", latest))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Consumer " + consumerArn + " under account 123456789012 not found.");
    }

    @Test
    void unknown_consumers_and_shards_are_refused() {
        assertThatThrownBy(() -> engine.subscribeToShard(CALLER, new SubscribeToShardRequest(
                consumerArn.replace("/app:", "/other:"), "shardId-000000000000",
                new StartingPosition(ShardIteratorType.LATEST, null, null))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> subscribe("shardId-000000000009",
                new StartingPosition(ShardIteratorType.LATEST, null, null)))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
