package dev.freshet.http;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What every connection of one server needs to know, bundled so pipeline builders take one argument.
 *
 * <p>Thread-safety: immutable (the TLS material's future is thread-safe, and so is the material).
 *
 * @param handler             the application handler
 * @param maxRequestBodyBytes the largest accepted request body
 * @param tls                 what TLS connections are served with, possibly still being prepared, or
 *                            {@code null} for cleartext only
 * @param shutdownGrace       how long a graceful close waits for in-flight requests
 */
record TransportSettings(HttpHandler handler, int maxRequestBodyBytes, CompletableFuture<TlsMaterial> tls, Duration shutdownGrace) {

    TransportSettings {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    }
}
