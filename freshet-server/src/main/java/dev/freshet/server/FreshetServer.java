package dev.freshet.server;

import dev.freshet.http.HttpServer;
import dev.freshet.http.HttpServerConfig;
import dev.freshet.http.TlsMaterial;
import dev.freshet.protocol.ServiceModel;
import dev.freshet.streams.EngineConfig;
import dev.freshet.streams.StreamEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A running Freshet server: the stream engine behind one port that speaks HTTP/1.1, HTTP/2 and TLS.
 *
 * <p>Thread-safe. {@link #close()} is idempotent: it stops accepting, lets requests in flight
 * finish, and closes storage.
 */
public final class FreshetServer implements AutoCloseable {

    private final StreamEngine engine;
    private final HttpServer http;
    private final TlsMaterial tls;
    private final ExecutorService blocking;
    private boolean closed;

    private FreshetServer(StreamEngine engine, HttpServer http, TlsMaterial tls, ExecutorService blocking) {
        this.engine = engine;
        this.http = http;
        this.tls = tls;
        this.blocking = blocking;
    }

    public static FreshetServer start(ServerConfig config) throws IOException {
        return start(config, Clock.systemUTC());
    }

    /** Starts a server whose engine reads time from {@code clock}. */
    public static FreshetServer start(ServerConfig config, Clock clock) throws IOException {
        EngineConfig engineConfig = EngineConfig.defaults()
                .withDataDir(config.inMemory() ? null : config.dataDir())
                .withClock(clock)
                .withDelays(config.createStreamDelay(), config.deleteStreamDelay(), config.updateStreamDelay())
                .withFsync(config.fsync(), config.fsyncInterval());
        TlsMaterial tls;
        if (config.tlsCert() != null) {
            tls = TlsMaterial.fromPem(config.tlsCert(), config.tlsKey());
        } else if (config.inMemory()) {
            tls = TlsMaterial.selfSignedInMemory();
        } else {
            tls = TlsMaterial.selfSigned(config.dataDir());
        }
        StreamEngine engine = StreamEngine.open(engineConfig);
        ExecutorService blocking = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "freshet-blocking");
            thread.setDaemon(true);
            return thread;
        });
        try {
            KinesisHandler handler = new KinesisHandler(new Operations(engine), ServiceModel.kinesis(),
                    config.accountId(), config.region(), blocking);
            HttpServer http = HttpServer.start(new HttpServerConfig(config.host(), config.port(), tls), handler);
            return new FreshetServer(engine, http, tls, blocking);
        } catch (IOException | RuntimeException e) {
            blocking.shutdownNow();
            engine.close();
            throw e;
        }
    }

    /** The address actually bound (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return http.address();
    }

    /** {@code http://HOST:PORT}; the same port also answers {@code https://}. */
    public URI endpoint() {
        return endpoint("http");
    }

    public URI endpoint(String scheme) {
        InetSocketAddress address = address();
        String host = address.getHostString();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create(scheme + "://" + host + ":" + address.getPort());
    }

    /** The PEM certificate offered on TLS, for clients to trust. */
    public String certificatePem() {
        return tls.certificatePem();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            http.close();
        } finally {
            blocking.shutdown();
            try {
                blocking.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                engine.close();
            }
        }
    }
}
