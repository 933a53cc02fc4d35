package dev.freshet.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * How a connection is asked to finish its in-flight work and close, when the server shuts down.
 *
 * <p>The protocol that wins detection decides what graceful means: HTTP/1.1 installs a hook that
 * answers the request in flight with {@code connection: close}; HTTP/2 needs none because
 * closing its channel makes Netty's {@code Http2ConnectionHandler} send GOAWAY and wait for the
 * open streams. A connection still being detected has nothing in flight and is simply closed.
 *
 * <p>Thread-safety: {@link #request} may be called from any thread; the hook runs on the
 * connection's event loop.
 */
final class GracefulClose {

    static final AttributeKey<Runnable> HOOK = AttributeKey.valueOf(GracefulClose.class, "hook");

    private GracefulClose() {
    }

    static void request(Channel channel) {
        channel.eventLoop().execute(() -> {
            Runnable hook = channel.attr(HOOK).get();
            if (hook != null) {
                hook.run();
            } else {
                channel.close();
            }
        });
    }
}
