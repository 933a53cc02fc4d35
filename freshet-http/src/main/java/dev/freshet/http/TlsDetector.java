package dev.freshet.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Tells TLS from cleartext by a connection's first five bytes, a TLS record header or not
 * ({@link #isTlsRecordHeader}), and either puts an {@link SslHandler} in its place or just steps
 * aside. The bytes it looked at go on untouched to whichever handler follows (ByteToMessageDecoder
 * hands its buffer on when removed). This is what Netty's {@code OptionalSslHandler} does, for a
 * {@link ServerTls} instead of a Netty {@code SslContext}.
 *
 * <p>The server's JSSE context is built when the first TLS connection arrives
 * ({@link TlsMaterial#serverTls()}), and the material itself may still be being loaded then (see
 * {@link HttpServer#start(HttpServerConfig, java.util.concurrent.CompletionStage, HttpHandler)});
 * until both are ready that connection's bytes wait here, without blocking the event loop, and the
 * client simply waits a little longer for its ServerHello. If either fails, TLS connections are
 * closed and the failure logged.
 *
 * <p>Thread-safety: one instance per connection, used on its event loop only (the readiness
 * callback hops back to it).
 */
final class TlsDetector extends ByteToMessageDecoder {

    /** The {@link SslHandler}'s name in the pipeline, by which the protocol handlers know a connection is TLS. */
    static final String SSL_HANDLER_NAME = "tls";

    private static final System.Logger LOG = System.getLogger(TlsDetector.class.getName());
    private static final int RECORD_HEADER_BYTES = 5;

    private final CompletableFuture<TlsMaterial> tls;
    private boolean waiting;

    TlsDetector(CompletableFuture<TlsMaterial> tls) {
        this.tls = tls;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (waiting || in.readableBytes() < RECORD_HEADER_BYTES) {
            return;
        }
        if (!isTlsRecordHeader(in)) {
            ctx.pipeline().remove(this);
            return;
        }
        // Completed at once when the material is loaded and its context built, as after the first connection.
        CompletableFuture<ServerTls> context = tls.thenCompose(TlsMaterial::serverTls);
        if (context.isDone()) {
            install(ctx, context);
            return;
        }
        waiting = true;
        context.whenComplete((ready, failure) -> {
            try {
                ctx.executor().execute(() -> install(ctx, context));
            } catch (RejectedExecutionException e) {
                // the server shut down meanwhile; the connection is gone with it
            }
        });
    }

    private void install(ChannelHandlerContext ctx, CompletableFuture<ServerTls> context) {
        if (ctx.isRemoved()) {
            return; // closed while waiting
        }
        ServerTls ready;
        try {
            ready = context.join();
        } catch (CompletionException e) {
            LOG.log(Level.WARNING, "cannot serve TLS; closing " + ctx.channel(), e.getCause());
            ctx.close();
            return;
        }
        ctx.pipeline().replace(this, SSL_HANDLER_NAME, ready.newHandler());
    }

    /**
     * Whether the first five bytes are a TLS record header (RFC 8446 5.1): a content type from
     * change_cipher_spec (20) to heartbeat (24), major version 3, and a non-zero length. The test
     * Netty's {@code SslHandler.isEncrypted} makes (without SSLv2 probing), done here because merely
     * touching {@code SslHandler} initializes Netty's TLS defaults, which builds two throw-away JSSE
     * contexts: a cost every cleartext connection would pay on a fresh server. No HTTP/1.1 request
     * (a token) nor the HTTP/2 preface ({@code PRI}) starts with a byte below 32.
     */
    static boolean isTlsRecordHeader(ByteBuf in) {
        int at = in.readerIndex();
        int contentType = in.getUnsignedByte(at);
        return contentType >= 20 && contentType <= 24
                && in.getUnsignedByte(at + 1) == 3
                && in.getUnsignedShort(at + 3) > 0;
    }
}
