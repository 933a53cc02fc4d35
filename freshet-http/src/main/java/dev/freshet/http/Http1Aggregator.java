package dev.freshet.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Collects an HTTP/1.1 request and its body into one {@link FullHttpRequest}, up to the body limit.
 *
 * <p>Netty's own answer to an oversized body is written from here, which could overtake the reply
 * to an earlier pipelined request still with the handler. Instead an empty request failed with
 * {@link BodyTooLarge} is passed on, so {@link Http1RequestHandler} answers {@code 413} in turn
 * and closes the connection (the rest of the body is not worth reading). An oversized
 * {@code Expect: 100-continue} request is still refused here, before any body is sent, and the
 * connection closed ({@code closeOnExpectationFailed}).
 *
 * <p>Thread-safety: one instance per connection, used on its event loop only.
 */
final class Http1Aggregator extends HttpObjectAggregator {

    /** Marks a request refused for its body size. */
    static final class BodyTooLarge extends TooLongFrameException {
        BodyTooLarge(int limit) {
            super("request body larger than " + limit + " bytes");
        }
    }

    private final int maxBodyBytes;

    Http1Aggregator(int maxBodyBytes) {
        super(maxBodyBytes, true);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        // The superclass releases `oversized` and discards the body as it arrives.
        if (oversized instanceof HttpRequest request) {
            FullHttpRequest refused = new DefaultFullHttpRequest(
                    request.protocolVersion(), request.method(), request.uri(), Unpooled.EMPTY_BUFFER);
            refused.setDecoderResult(DecoderResult.failure(new BodyTooLarge(maxBodyBytes)));
            ctx.fireChannelRead(refused);
        } else {
            ctx.fireExceptionCaught(new BodyTooLarge(maxBodyBytes));
        }
    }
}
