package dev.freshet.http;

import java.util.Objects;

/**
 * How an {@link HttpServer} listens.
 *
 * <p>Thread-safety: immutable.
 *
 * @param host                the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port                the port to bind, {@code 0} for any free port (see {@link HttpServer#address()})
 * @param tls                 the certificate to offer, or {@code null} to accept cleartext only (or
 *                            to give it later, see {@link HttpServer#start(HttpServerConfig,
 *                            java.util.concurrent.CompletionStage, HttpHandler)}); when set, TLS and
 *                            cleartext are both accepted on the same port
 * @param maxRequestBodyBytes the largest request body accepted; larger requests get {@code 413}
 * @param eventLoopThreads    the number of threads serving connections
 */
public record HttpServerConfig(
        String host,
        int port,
        TlsMaterial tls,
        int maxRequestBodyBytes,
        int eventLoopThreads) {

    /** 64 MiB: comfortably above the largest Kinesis request (PutRecords, 10 MiB of base64 JSON). */
    public static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 64 * 1024 * 1024;

    public HttpServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxRequestBodyBytes < 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be >= 0: " + maxRequestBodyBytes);
        }
        if (eventLoopThreads < 1) {
            throw new IllegalArgumentException("eventLoopThreads must be >= 1: " + eventLoopThreads);
        }
    }

    /** A config with the default body limit and one event-loop thread per available processor. */
    public HttpServerConfig(String host, int port, TlsMaterial tls) {
        this(host, port, tls, DEFAULT_MAX_REQUEST_BODY_BYTES, Runtime.getRuntime().availableProcessors());
    }
}
