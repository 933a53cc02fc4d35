package dev.freshet.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Chooses HTTP/2 or HTTP/1.1 from the first bytes a client sends (after TLS, if any), ignoring
 * whatever ALPN said: the AWS SDK for Java v2 speaks HTTP/2 without ALPN, over TLS and over
 * cleartext ("prior knowledge"), and an HTTP/1.1 request can never start with the HTTP/2 preface.
 *
 * <pre>
 *   bytes so far are a proper prefix of "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"  → wait for more
 *   bytes so far start with the whole 24-byte preface                    → HTTP/2
 *   some byte differs from the preface                                    → HTTP/1.1
 * </pre>
 * Once decided the detector installs the protocol's handlers and removes itself; the bytes it
 * looked at are passed on untouched (ByteToMessageDecoder hands its buffer to the next handler
 * on removal), so the HTTP/2 codec still sees the preface it expects.
 *
 * <p>Thread-safety: one instance per connection, used on its event loop only.
 */
final class ProtocolDetector extends ByteToMessageDecoder {

    static final byte[] HTTP2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final TransportSettings settings;

    ProtocolDetector(TransportSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int seen = Math.min(in.readableBytes(), HTTP2_PREFACE.length);
        boolean http2 = true;
        for (int i = 0; i < seen; i++) {
            if (in.getByte(in.readerIndex() + i) != HTTP2_PREFACE[i]) {
                http2 = false;
                break;
            }
        }
        if (http2 && seen < HTTP2_PREFACE.length) {
            return;
        }
        boolean secure = ctx.pipeline().get(TlsDetector.SSL_HANDLER_NAME) != null;
        if (http2) {
            Http2Protocol.install(ctx.pipeline(), settings, secure);
        } else {
            Http1Protocol.install(ctx.pipeline(), settings, secure);
        }
        ctx.pipeline().remove(this);
    }
}
