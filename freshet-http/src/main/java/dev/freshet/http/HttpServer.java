package dev.freshet.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on one port that speaks, to any client: HTTP/1.1 and HTTP/2 with prior
 * knowledge, each in cleartext or over TLS, with or without ALPN. Complete requests go to an
 * {@link HttpHandler}; its replies are written back.
 *
 * <p>Lifecycle: {@link #start} binds and returns a running server. {@link #close} stops accepting,
 * asks every connection to finish what it is doing (HTTP/1.1: the request in flight gets its reply
 * with {@code connection: close}; HTTP/2: GOAWAY, then the open streams get their replies), waits up
 * to {@value #SHUTDOWN_GRACE_SECONDS} seconds for that, closes whatever is left and stops the
 * event loops.
 *
 * <p>Thread-safety: thread-safe. {@link #close} is idempotent; a second caller waits for the first
 * to finish. It must not be called from one of the server's own event-loop threads (i.e. from a
 * handler's {@code handle} method), because it waits for those threads to stop.
 */
public final class HttpServer implements AutoCloseable {

    static final int SHUTDOWN_GRACE_SECONDS = 5;

    private static final int PAGE_BYTES = 8192;
    private static final int CHUNK_MAX_ORDER = 7;

    private static final System.Logger LOG = System.getLogger(HttpServer.class.getName());

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private final InetSocketAddress address;
    private boolean closed; // guarded by this

    private HttpServer(EventLoopGroup acceptor, EventLoopGroup workers, Channel serverChannel, ChannelGroup connections) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.connections = connections;
        this.address = (InetSocketAddress) serverChannel.localAddress();
    }

    /**
     * Binds {@code config.host():config.port()} and starts serving.
     *
     * @throws IOException if the address cannot be bound
     */
    public static HttpServer start(HttpServerConfig config, HttpHandler handler) throws IOException {
        Objects.requireNonNull(config, "config");
        return bind(config, config.tls() == null ? null : CompletableFuture.completedFuture(config.tls()), handler);
    }

    /**
     * Binds {@code config.host():config.port()} and starts serving while the TLS material is still
     * being loaded or generated, e.g. on another thread, so that the two can proceed side by side:
     * cleartext is served at once, and a TLS connection that arrives before {@code tls} completes
     * waits for it (if it fails, TLS connections are closed and the failure logged).
     *
     * @param config the server's settings; its {@code tls} must be {@code null}, {@code tls} takes its place
     * @throws IOException if the address cannot be bound
     */
    public static HttpServer start(HttpServerConfig config, CompletionStage<TlsMaterial> tls, HttpHandler handler)
            throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(tls, "tls");
        if (config.tls() != null) {
            throw new IllegalArgumentException("config.tls() must be null when the TLS material comes as a stage");
        }
        CompletableFuture<TlsMaterial> material = new CompletableFuture<>();
        tls.whenComplete((loaded, failure) -> {
            if (failure != null || loaded == null) {
                material.completeExceptionally(failure != null ? failure : new NullPointerException("no TLS material"));
            } else {
                material.complete(loaded);
            }
        });
        return bind(config, material, handler);
    }

    private static HttpServer bind(HttpServerConfig config, CompletableFuture<TlsMaterial> tls, HttpHandler handler)
            throws IOException {
        Objects.requireNonNull(handler, "handler");
        TransportSettings settings = new TransportSettings(handler, config.maxRequestBodyBytes(), tls,
                Duration.ofSeconds(SHUTDOWN_GRACE_SECONDS));
        EventLoopGroup acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("freshet-http-accept"));
        EventLoopGroup workers = new NioEventLoopGroup(config.eventLoopThreads(), new DefaultThreadFactory("freshet-http"));
        ChannelGroup connections = new DefaultChannelGroup("freshet-http-connections", GlobalEventExecutor.INSTANCE);
        ChannelFuture bound = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, allocator(config.eventLoopThreads()))
                .childHandler(new ConnectionInitializer(settings, connections))
                .bind(config.host(), config.port())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            Throwable cause = bound.cause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot bind " + config.host() + ":" + config.port(), cause);
        }
        HttpServer server = new HttpServer(acceptor, workers, bound.channel(), connections);
        // DEBUG, not INFO: the first record a JVM's logging prints costs about 30 ms of CPU (handler,
        // formatter, time-zone rules), some 5 % of a start, and the application announces itself anyway.
        LOG.log(Level.DEBUG, () -> "listening on " + server.address
                + (tls == null ? " (cleartext)" : " (TLS and cleartext)") + ", HTTP/1.1 and HTTP/2");
        return server;
    }

    /**
     * The buffer pool of one server's connections: one arena (direct and heap) per event loop, so
     * loops never contend for one, and chunks of 1 MiB (8 KiB pages &times; 2<sup>{@value
     * #CHUNK_MAX_ORDER}</sup>). Netty's shared default has twice as many arenas as cores and 4 MiB
     * chunks; since a direct chunk is zeroed when allocated (Netty cannot skip that on JDK 17 without
     * opening {@code java.nio} to it), every arena a loop touched kept 4 MiB resident even on a server
     * that answered one request. Requests are read in buffers of at most 64 KiB and bodies gathered as
     * composites of those, so no pooled buffer comes near a chunk's size and nothing is slower for
     * the smaller chunks.
     */
    private static PooledByteBufAllocator allocator(int eventLoops) {
        return new PooledByteBufAllocator(true, eventLoops, eventLoops, PAGE_BYTES, CHUNK_MAX_ORDER,
                PooledByteBufAllocator.defaultSmallCacheSize(), PooledByteBufAllocator.defaultNormalCacheSize(),
                PooledByteBufAllocator.defaultUseCacheForAllThreads());
    }

    /** The bound address, with the actual port when port 0 was asked for. */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Stops the server gracefully, waiting at most about {@value #SHUTDOWN_GRACE_SECONDS} seconds
     * for in-flight requests. Idempotent.
     *
     * @throws IllegalStateException if called from one of this server's event-loop threads
     */
    @Override
    public void close() {
        // Checked before taking the lock: an event-loop thread blocked on it would stall the
        // shutdown that another caller, holding it, is waiting for.
        if (isOwnThread()) {
            throw new IllegalStateException("HttpServer.close() called from its own event loop would wait for itself");
        }
        synchronized (this) {
            if (!closed) {
                closed = true;
                shutDown();
            }
        }
    }

    private void shutDown() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SHUTDOWN_GRACE_SECONDS);
        serverChannel.close().awaitUninterruptibly();
        for (Channel connection : connections) {
            GracefulClose.request(connection);
        }
        if (!connections.newCloseFuture().awaitUninterruptibly(remainingMillis(deadline))) {
            LOG.log(Level.WARNING, "closing " + connections.size() + " connections that did not finish within "
                    + SHUTDOWN_GRACE_SECONDS + " s");
            connections.close().awaitUninterruptibly();
        }
        acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        boolean stopped = acceptor.terminationFuture().awaitUninterruptibly(2, TimeUnit.SECONDS)
                & workers.terminationFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (!stopped) {
            LOG.log(Level.WARNING, "event loops of the server on " + address + " did not stop in time");
        }
        LOG.log(Level.DEBUG, () -> "stopped listening on " + address);
    }

    private boolean isOwnThread() {
        for (EventExecutor loop : workers) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        for (EventExecutor loop : acceptor) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    @Override
    public String toString() {
        return "HttpServer[" + address + "]";
    }
}
