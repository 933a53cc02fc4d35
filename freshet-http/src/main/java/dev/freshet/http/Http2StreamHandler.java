package dev.freshet.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Serves one HTTP/2 stream: collects the request's HEADERS and DATA frames, calls the handler,
 * writes the reply. Streams of one connection are independent child channels, so they are served
 * concurrently and a slow one holds up no other.
 *
 * <pre>
 *   RECEIVING ──HEADERS or DATA with END_STREAM──→ DISPATCHED ──reply──→ HEADERS [DATA], END_STREAM
 *     │  HEADERS with expect: 100-continue, no END_STREAM → interim :status 100, stay RECEIVING
 *     │  body over the limit → 413 with END_STREAM, plus RST_STREAM(NO_ERROR) if the client
 *     │                        is still sending (RFC 9113 8.1)                            ─→ REFUSED
 *     │  no :method or :path → RST_STREAM(PROTOCOL_ERROR)                                 ─→ REFUSED
 *   REFUSED, DISPATCHED: further frames are dropped.
 *   Any state: client RST_STREAM → the stream is gone; a late reply is dropped.
 *   The stream channel closes itself once both sides have ended the stream.
 * </pre>
 * DATA frames need no explicit flow-control bookkeeping: the stream channel returns their bytes
 * to the client's window as they are read here.
 *
 * <p>Thread-safety: one instance per stream; state is touched on the connection's event loop only.
 */
final class Http2StreamHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(Http2StreamHandler.class.getName());

    // The framing is ours to set, and connection-specific fields are malformed in HTTP/2 (RFC 9113 8.2.2).
    private static final Set<String> NOT_FORWARDED = Stream.concat(HttpReply.FRAMING_FIELDS.stream(),
            Stream.of("connection", "keep-alive", "proxy-connection", "upgrade")).collect(Collectors.toUnmodifiableSet());

    private final HttpHandler handler;
    private final int maxBodyBytes;
    private final boolean secure;
    private Http2Headers requestHeaders;
    private CompositeByteBuf body;
    private boolean done;
    /** The streamed reply being written, or {@code null}. */
    private StreamingWriter streaming;

    Http2StreamHandler(HttpHandler handler, int maxBodyBytes, boolean secure) {
        this.handler = handler;
        this.maxBodyBytes = maxBodyBytes;
        this.secure = secure;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (done) {
                return;
            }
            if (msg instanceof Http2HeadersFrame headers) {
                onHeaders(ctx, headers);
            } else if (msg instanceof Http2DataFrame data) {
                onData(ctx, data);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2ResetFrame reset) {
            LOG.log(Level.DEBUG, "client reset stream " + ctx.channel() + " with error " + reset.errorCode());
            done = true;
            releaseBody();
        } else if (evt instanceof Http2GoAwayFrame goAway) {
            // Only for streams above the GOAWAY's last stream id, which the client never processed.
            done = true;
            releaseBody();
            goAway.release();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(ConnectionGuard.clientCaused(cause) ? Level.DEBUG : Level.WARNING,
                "resetting stream " + ctx.channel() + " after an error", cause);
        done = true;
        releaseBody();
        ctx.close(); // resets only this stream
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (streaming != null) {
            streaming.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseBody();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBody();
    }

    private void onHeaders(ChannelHandlerContext ctx, Http2HeadersFrame frame) {
        if (requestHeaders != null) {
            // Trailers: not passed on, but they can end the request.
            if (frame.isEndStream()) {
                dispatch(ctx);
            }
            return;
        }
        Http2Headers headers = frame.headers();
        if (headers.method() == null || headers.path() == null) {
            LOG.log(Level.DEBUG, "resetting stream " + ctx.channel() + ": request without :method or :path");
            done = true;
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR)).addListener(logFailure(ctx));
            return;
        }
        requestHeaders = headers;
        long declared = headers.getLong(HttpHeaderNames.CONTENT_LENGTH, -1L);
        if (declared > maxBodyBytes) {
            refuseTooLarge(ctx, frame.isEndStream());
            return;
        }
        body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        if (frame.isEndStream()) {
            dispatch(ctx);
        } else if (HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(headers.get(HttpHeaderNames.EXPECT, ""))) {
            // RFC 9110 10.1.1: a client may hold the body back until it sees 100 (curl waits a second).
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("100"), false))
                    .addListener(logFailure(ctx));
        }
    }

    private void onData(ChannelHandlerContext ctx, Http2DataFrame frame) {
        if (body == null) {
            return; // Netty's decoder refuses DATA before HEADERS; this guards only our own state.
        }
        if (frame.content().readableBytes() > maxBodyBytes - body.readableBytes()) {
            refuseTooLarge(ctx, frame.isEndStream());
            return;
        }
        if (frame.content().isReadable()) {
            body.addComponent(true, frame.content().retain());
        }
        if (frame.isEndStream()) {
            dispatch(ctx);
        }
    }

    private void refuseTooLarge(ChannelHandlerContext ctx, boolean clientFinished) {
        done = true;
        releaseBody();
        Http2Headers headers = new DefaultHttp2Headers().status("413").setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        ChannelFuture last = ctx.write(new DefaultHttp2HeadersFrame(headers, true));
        if (!clientFinished) {
            last = ctx.write(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR));
        }
        ctx.flush();
        last.addListener(logFailure(ctx));
    }

    private void dispatch(ChannelHandlerContext ctx) {
        done = true;
        byte[] bytes = body == null ? new byte[0] : ByteBufUtil.getBytes(body);
        releaseBody();
        boolean head = "HEAD".contentEquals(requestHeaders.method());
        HttpCall call = new HttpCall(requestHeaders.method().toString(), requestHeaders.path().toString(),
                toHeaderMap(requestHeaders), bytes, secure, HttpCall.HTTP_2);
        requestHeaders = null;
        HandlerInvoker.dispatch(handler, call, ctx.executor(), reply -> write(ctx, reply, head));
    }

    private static Map<String, String> toHeaderMap(Http2Headers headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            String name = field.getKey().toString();
            if (!name.startsWith(":")) {
                map.put(name.toLowerCase(Locale.ROOT), field.getValue().toString());
            }
        }
        // Request signing (SigV4) covers "host"; HTTP/2 clients send :authority instead.
        if (headers.authority() != null) {
            map.putIfAbsent("host", headers.authority().toString());
        }
        return map;
    }

    private void write(ChannelHandlerContext ctx, HttpReply reply, boolean head) {
        if (!ctx.channel().isActive()) {
            LOG.log(Level.DEBUG, "dropping " + reply + ": stream " + ctx.channel() + " is already closed");
            return;
        }
        Http2Headers headers = new DefaultHttp2Headers().status(Integer.toString(reply.status()));
        reply.forEachHeaderExcept(NOT_FORWARDED, headers::set);
        if (reply.stream() != null) {
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(headers, false)).addListener(logFailure(ctx));
            streaming = new StreamingWriter(ctx.channel(), data -> new DefaultHttp2DataFrame(data, false),
                    () -> new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true), whole -> {
                        streaming = null;
                        if (!whole && ctx.channel().isActive()) {
                            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
                        }
                    });
            reply.stream().subscribe(streaming);
            return;
        }
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        boolean bodyless = head || reply.body().length == 0;
        ChannelFuture last = ctx.write(new DefaultHttp2HeadersFrame(headers, bodyless));
        if (!bodyless) {
            last = ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(reply.body()), true));
        }
        ctx.flush();
        last.addListener(logFailure(ctx));
    }

    private static ChannelFutureListener logFailure(ChannelHandlerContext ctx) {
        return written -> {
            if (!written.isSuccess()) {
                LOG.log(Level.DEBUG, "could not write to stream " + ctx.channel(), written.cause());
            }
        };
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }
}
