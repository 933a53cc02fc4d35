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
    private final ExecutorService workers;
    private boolean closed;

    private FreshetServer(StreamEngine engine, HttpServer http, TlsMaterial tls, ExecutorService workers) {
        this.engine = engine;
        this.http = http;
        this.tls = tls;
        this.workers = workers;
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
                .withFsync(config.fsync(), config.fsyncInterval())
                .withShardLimit(config.shardLimit())
                .withOnDemand(config.onDemandStreamLimit(), config.onDemand());
        TlsMaterial tls;
        if (config.tlsCert() != null) {
            tls = TlsMaterial.fromPem(config.tlsCert(), config.tlsKey());
        } else if (config.inMemory()) {
            tls = TlsMaterial.selfSignedInMemory();
        } else {
            tls = TlsMaterial.selfSigned(config.dataDir());
        }
        StreamEngine engine = StreamEngine.open(engineConfig);
        // Operations run here, off the network threads: they read and write shard logs.
        ExecutorService workers = Executors.newFixedThreadPool(
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), runnable -> {
                    Thread thread = new Thread(runnable, "freshet-worker");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            KinesisHandler handler = new KinesisHandler(new Operations(engine), ServiceModel.kinesis(),
                    config.accountId(), config.region(), workers);
            HttpServer http = HttpServer.start(new HttpServerConfig(config.host(), config.port(), tls), handler);
            return new FreshetServer(engine, http, tls, workers);
        } catch (IOException | RuntimeException e) {
            workers.shutdown();
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
            // Not shutdownNow(): interrupting a worker inside storage I/O closes the log's channel.
            workers.shutdown();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                engine.close();
            }
        }
    }
}
