package dev.freshet.http;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;

/**
 * What every connection of one server needs to know, bundled so pipeline builders take one argument.
 *
 * <p>Thread-safety: immutable ({@link SslContext} is thread-safe).
 *
 * @param handler             the application handler
 * @param maxRequestBodyBytes the largest accepted request body
 * @param sslContext          the server TLS context, or {@code null} for cleartext only
 * @param shutdownGrace       how long a graceful close waits for in-flight requests
 */
record TransportSettings(HttpHandler handler, int maxRequestBodyBytes, SslContext sslContext, Duration shutdownGrace) {

    TransportSettings {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    }
}
