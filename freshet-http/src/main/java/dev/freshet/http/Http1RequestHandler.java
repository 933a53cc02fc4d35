package dev.freshet.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the requests of one HTTP/1.1 connection, one at a time, in order.
 *
 * <p>HTTP/1.1 has no request ids: replies must leave in request order even when a client
 * pipelines and the handler finishes the later request first. So at most one request is with the
 * handler; pipelined ones wait in a queue, and reading from the socket pauses meanwhile (the
 * queue is bounded by what one read already decoded).
 *
 * <pre>
 *            request                   reply written, keep-alive
 *   IDLE ───────────────→ IN_FLIGHT ───────────────────────────→ IDLE (or next queued request)
 *     │                      │  reply written with connection: close, or write failed
 *     │                      └──────────────────────────────────→ CLOSED
 *     └ graceful close: close now;  in IN_FLIGHT: the reply gets connection: close, then CLOSED
 * </pre>
 * A request Netty could not parse (or refused for its size) is answered with 400/413/414/431 and
 * {@code connection: close}: after a framing error the rest of the stream cannot be trusted.
 *
 * <p>Thread-safety: one instance per connection; all state is touched on its event loop only
 * ({@link HandlerInvoker} brings replies back there).
 */
final class Http1RequestHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(Http1RequestHandler.class.getName());

    private final HttpHandler handler;
    private final boolean secure;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean inFlight;
    private boolean closing;
    /** The streamed reply being written, or {@code null}. */
    private StreamingWriter streaming;

    Http1RequestHandler(HttpHandler handler, boolean secure) {
        this.handler = handler;
        this.secure = secure;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().attr(GracefulClose.HOOK).set(() -> closeGracefully(ctx));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closing) {
            request.release();
            return;
        }
        waiting.add(request);
        if (inFlight) {
            ctx.channel().config().setAutoRead(false);
        } else {
            serveNext(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (streaming != null) {
            streaming.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseWaiting();
    }

    private void closeGracefully(ChannelHandlerContext ctx) {
        closing = true;
        if (!inFlight) {
            ctx.close();
        }
    }

    private void serveNext(ChannelHandlerContext ctx) {
        FullHttpRequest request = waiting.poll();
        if (request == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        inFlight = true;
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            request.release();
            LOG.log(Level.DEBUG, "refusing a malformed request on " + ctx.channel().remoteAddress(), cause);
            write(ctx, new HttpReply(statusFor(cause), Map.of(), new byte[0]), false, true);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean head = HttpMethod.HEAD.equals(request.method());
        HttpCall call;
        try {
            call = toCall(request);
        } finally {
            request.release();
        }
        HandlerInvoker.dispatch(handler, call, ctx.executor(), reply -> write(ctx, reply, head, !keepAlive));
    }

    private HttpCall toCall(FullHttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : request.headers()) {
            headers.put(field.getKey().toLowerCase(Locale.ROOT), field.getValue());
        }
        return new HttpCall(request.method().name(), request.uri(), headers,
                ByteBufUtil.getBytes(request.content()), secure, HttpCall.HTTP_1_1);
    }

    private void write(ChannelHandlerContext ctx, HttpReply reply, boolean head, boolean clientAskedClose) {
        if (!ctx.channel().isActive()) {
            inFlight = false;
            LOG.log(Level.DEBUG, "dropping " + reply + ": the client already closed " + ctx.channel().remoteAddress());
            return;
        }
        if (reply.stream() != null) {
            writeStreamed(ctx, reply, clientAskedClose);
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()),
                head || reply.body().length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        setHeaders(response, reply, clientAskedClose);
        HttpUtil.setContentLength(response, reply.body().length);
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess()) {
                LOG.log(Level.DEBUG, "could not write a reply to " + ctx.channel().remoteAddress(), written.cause());
            }
            replyDone(ctx, written.isSuccess());
        });
    }

    /** Sends the head, then the publisher's chunks in chunked encoding; the connection waits for the end. */
    private void writeStreamed(ChannelHandlerContext ctx, HttpReply reply, boolean clientAskedClose) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()));
        setHeaders(response, reply, clientAskedClose);
        HttpUtil.setTransferEncodingChunked(response, true);
        ctx.writeAndFlush(response);
        streaming = new StreamingWriter(ctx.channel(), DefaultHttpContent::new,
                () -> LastHttpContent.EMPTY_LAST_CONTENT, whole -> {
                    streaming = null;
                    replyDone(ctx, whole);
                });
        reply.stream().subscribe(streaming);
    }

    /**
     * The reply's own header fields but for the framing, which the caller sets; and
     * {@code connection: close} if the client asked for it, the server is closing, or the reply's
     * own fields say so, in which case the connection closes after this reply.
     */
    private void setHeaders(HttpResponse response, HttpReply reply, boolean clientAskedClose) {
        reply.forEachHeaderExcept(HttpReply.FRAMING_FIELDS, response.headers()::set);
        if (clientAskedClose || closing || !HttpUtil.isKeepAlive(response)) {
            closing = true;
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /** The reply is written ({@code whole}) or given up on: serve the next request, or close. */
    private void replyDone(ChannelHandlerContext ctx, boolean whole) {
        inFlight = false;
        if (!whole || closing) {
            ctx.close();
        } else {
            serveNext(ctx);
        }
    }

    private static int statusFor(Throwable cause) {
        if (cause instanceof Http1Aggregator.BodyTooLarge) {
            return 413;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return 431;
        }
        if (cause instanceof TooLongHttpLineException) {
            return 414;
        }
        return 400;
    }

    private void releaseWaiting() {
        for (FullHttpRequest request = waiting.poll(); request != null; request = waiting.poll()) {
            request.release();
        }
    }
}
