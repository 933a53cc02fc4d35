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
import java.util.concurrent.CompletableFuture;
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
                .withMaxOpenFiles(config.maxOpenFiles())
                .withJournalBytes(config.journalBytes())
                .withShardLimit(config.shardLimit())
                .withOnDemand(config.onDemandStreamLimit(), config.onDemand());
        // Start-up runs as four independent strands, so that on two or more cores it takes about as
        // long as the longest of them rather than their sum:
        //  - this thread opens the engine (reads, or on a first start creates, the data directory);
        //  - "freshet-service-model" parses the Kinesis model that requests are validated against;
        //  - "freshet-tls-material" loads the TLS certificate (on a first start: generates and writes it);
        //  - "freshet-http-setup" starts Netty and binds the port, with a handler that holds any request
        //    until the engine is open, and any TLS connection until the certificate is loaded.
        // Main announces the server only once start returns, when all four are done: the certificate
        // file exists and every request is answered by then.
        DeferredHandler handler = new DeferredHandler();
        CompletableFuture<ServiceModel> model = StartupTask.run("freshet-service-model", ServiceModel::kinesis);
        CompletableFuture<TlsMaterial> tls = StartupTask.run("freshet-tls-material", () -> tlsMaterial(config));
        CompletableFuture<HttpServer> http = StartupTask.run("freshet-http-setup", () ->
                HttpServer.start(new HttpServerConfig(config.host(), config.port(), null), tls, handler));
        StreamEngine engine = null;
        ExecutorService workers = null;
        try {
            engine = StreamEngine.open(engineConfig);
            workers = newWorkers();
            handler.ready(new KinesisHandler(new Operations(engine), StartupTask.await(model),
                    config.accountId(), config.region(), workers));
            TlsMaterial material = StartupTask.await(tls);
            return new FreshetServer(engine, StartupTask.await(http), material, workers);
        } catch (IOException | RuntimeException | Error e) {
            handler.fail(e);
            StartupTask.awaitQuietly(tls); // no thread still writing the certificate once start has failed
            HttpServer server = StartupTask.awaitQuietly(http);
            if (server != null) {
                server.close();
            }
            if (workers != null) {
                workers.shutdown();
            }
            if (engine != null) {
                engine.close();
            }
            throw e;
        }
    }

    /** Operations run here, off the network threads: they read and write shard logs. */
    private static ExecutorService newWorkers() {
        return Executors.newFixedThreadPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), runnable -> {
            Thread thread = new Thread(runnable, "freshet-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static TlsMaterial tlsMaterial(ServerConfig config) throws IOException {
        if (config.tlsCert() != null) {
            return TlsMaterial.fromPem(config.tlsCert(), config.tlsKey());
        }
        return config.inMemory() ? TlsMaterial.selfSignedInMemory() : TlsMaterial.selfSigned(config.dataDir());
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
