package dev.freshet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.SubscribeToShardEvent;
import dev.freshet.api.errors.InternalFailureException;
import dev.freshet.api.errors.ResourceNotFoundException;
import dev.freshet.protocol.EventStream;
import dev.freshet.protocol.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/**
 * How a SubscribeToShard body relays between the engine's subscription and the transport: the
 * initial response first, on the transport's first demand alone; then the engine's events; a
 * failure as an exception message that ends the body normally; a cancel passed on.
 */
class EventStreamBodyTest {

    private static final WireFormat FORMAT = WireFormat.CBOR;
    private static final SubscribeToShardEvent EVENT = new SubscribeToShardEvent(List.of(), "49", 0L, null);

    private final Engine engine = new Engine();
    private final Transport transport = new Transport();

    @Test
    void theInitialResponseAnswersTheFirstDemandAndTheEngineGetsTheRest() {
        new EventStreamBody(engine, FORMAT).subscribe(transport);

        transport.subscription.request(1);

        assertThat(transport.messages).containsExactly(EventStream.initialResponse(FORMAT));
        assertThat(engine.requested).isZero();

        transport.subscription.request(3);
        engine.subscriber.onNext(EVENT);

        assertThat(engine.requested).isEqualTo(3);
        assertThat(transport.messages).containsExactly(EventStream.initialResponse(FORMAT), EventStream.event(FORMAT, EVENT));
    }

    @Test
    void anEngineFailureIsSentAsAnExceptionMessageAndTheBodyEndsNormally() {
        new EventStreamBody(engine, FORMAT).subscribe(transport);
        transport.subscription.request(2);
        ResourceNotFoundException gone = new ResourceNotFoundException("Shard shardId-000000000000 no longer exists.");

        engine.subscriber.onError(gone);

        assertThat(transport.messages).containsExactly(EventStream.initialResponse(FORMAT), EventStream.exception(FORMAT, gone));
        assertThat(transport.completed).isTrue();
        assertThat(transport.failure).isNull();
    }

    @Test
    void anUnexpectedFailureIsSentAsABareInternalFailure() {
        new EventStreamBody(engine, FORMAT).subscribe(transport);
        transport.subscription.request(1);

        engine.subscriber.onError(new IllegalStateException("internal detail"));

        assertThat(transport.messages).last()
                .isEqualTo(EventStream.exception(FORMAT, new InternalFailureException(null)));
        assertThat(transport.completed).isTrue();
    }

    @Test
    void aCancelByTheTransportCancelsTheEngineSubscription() {
        new EventStreamBody(engine, FORMAT).subscribe(transport);

        transport.subscription.cancel();

        assertThat(engine.cancelled).isTrue();
    }

    /** The engine's side: takes one subscriber and records what it is asked. */
    private static final class Engine implements Flow.Publisher<SubscribeToShardEvent> {
        Flow.Subscriber<? super SubscribeToShardEvent> subscriber;
        long requested;
        boolean cancelled;

        @Override
        public void subscribe(Flow.Subscriber<? super SubscribeToShardEvent> subscriber) {
            this.subscriber = subscriber;
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    requested += n;
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            });
        }
    }

    /** The transport's side: records the messages and how the body ended. */
    private static final class Transport implements Flow.Subscriber<byte[]> {
        final List<byte[]> messages = new ArrayList<>();
        Flow.Subscription subscription;
        boolean completed;
        Throwable failure;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void onNext(byte[] message) {
            messages.add(message);
        }

        @Override
        public void onError(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }
}
