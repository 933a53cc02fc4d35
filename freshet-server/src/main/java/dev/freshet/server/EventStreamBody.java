package dev.freshet.server;

import dev.freshet.api.SubscribeToShardEvent;
import dev.freshet.protocol.EventStream;
import dev.freshet.protocol.WireFormat;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A SubscribeToShard answer's body: the {@code initial-response} message, then each event the engine
 * pushes encoded as an event-stream message in the request's wire format, then the end. A failure
 * during the subscription becomes an exception message, and the body ends normally after it, as the
 * SDKs expect.
 *
 * <p>Thread-safety: demand is passed straight through to the engine's subscription, which signals
 * serially; the initial message is sent from the first {@code request} alone, before the engine is
 * asked for anything, so signals to the transport never overlap.
 */
final class EventStreamBody implements Flow.Publisher<byte[]> {

    private final Flow.Publisher<SubscribeToShardEvent> events;
    private final WireFormat format;

    EventStreamBody(Flow.Publisher<SubscribeToShardEvent> events, WireFormat format) {
        this.events = events;
        this.format = format;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super byte[]> transport) {
        events.subscribe(new Flow.Subscriber<>() {
            private final AtomicBoolean initialSent = new AtomicBoolean();

            @Override
            public void onSubscribe(Flow.Subscription engine) {
                transport.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        long rest = n;
                        if (n > 0 && initialSent.compareAndSet(false, true)) {
                            transport.onNext(EventStream.initialResponse(format));
                            rest--;
                        }
                        if (rest > 0) {
                            engine.request(rest);
                        }
                    }

                    @Override
                    public void cancel() {
                        engine.cancel();
                    }
                });
            }

            @Override
            public void onNext(SubscribeToShardEvent event) {
                transport.onNext(EventStream.event(format, event));
            }

            @Override
            public void onError(Throwable failure) {
                transport.onNext(EventStream.exception(format, failure));
                transport.onComplete();
            }

            @Override
            public void onComplete() {
                transport.onComplete();
            }
        });
    }
}
