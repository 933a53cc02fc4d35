package dev.freshet.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;

/**
 * Receives the connection-level frames of an HTTP/2 connection (stream frames go to the stream
 * channels) and closes the connection gracefully once the client sends GOAWAY.
 *
 * <p>A client's GOAWAY means it will open no more streams. Closing the channel makes Netty's
 * {@code Http2ConnectionHandler} answer with its own GOAWAY (carrying the last stream it accepted)
 * and wait until every open stream has ended, i.e. its reply has been written, before closing
 * the socket; so requests already in flight still get their replies. Without this the
 * connection would idle until the client got round to closing it.
 *
 * <p>SETTINGS, PING and the like are handled and acknowledged by the codec; they are just
 * released here.
 *
 * <p>Thread-safety: one instance per connection, used on its event loop only.
 */
final class Http2GoAwayHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(Http2GoAwayHandler.class.getName());

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2GoAwayFrame goAway) {
                LOG.log(Level.DEBUG, "client " + ctx.channel().remoteAddress() + " sent GOAWAY (" + goAway.errorCode()
                        + "); closing once its open streams are answered");
                ctx.channel().close();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }
}
