package dev.freshet.http;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http2.Http2Exception;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * The last handler of every connection: whatever error nobody handled closes this connection,
 * and only this one, and is logged.
 *
 * <p>Errors a client can cause at will (resets, garbage, failed handshakes, protocol violations)
 * are logged at DEBUG so a port scanner cannot flood the log; anything else is a bug here and is
 * logged at WARNING.
 *
 * <p>Thread-safety: stateless and {@link Sharable}.
 */
@Sharable
final class ConnectionGuard extends ChannelInboundHandlerAdapter {

    static final String NAME = "guard";
    static final ConnectionGuard INSTANCE = new ConnectionGuard();

    private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());

    private ConnectionGuard() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(clientCaused(cause) ? Level.DEBUG : Level.WARNING,
                "closing connection " + ctx.channel().remoteAddress() + " after an error", cause);
        ctx.close();
    }

    static boolean clientCaused(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            // IOException covers resets and SSLException (failed handshakes, bad records).
            if (t instanceof IOException || t instanceof Http2Exception) {
                return true;
            }
            if (t instanceof DecoderException && t.getCause() == null) {
                return true;
            }
        }
        return false;
    }
}
