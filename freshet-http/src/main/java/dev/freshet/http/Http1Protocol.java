package dev.freshet.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Installs the HTTP/1.1 handlers on a connection detected as HTTP/1.1.
 *
 * <p>No {@code HttpServerExpectContinueHandler}: the aggregator answers {@code Expect: 100-continue}
 * itself and, unlike that handler, answers {@code 413} before inviting a body it would refuse. No
 * {@code HttpServerKeepAliveHandler}: {@link Http1RequestHandler} already serializes requests and
 * decides per reply whether the connection stays open.
 *
 * <p>Thread-safety: stateless.
 */
final class Http1Protocol {

    // Room for long SigV4 Authorization headers and security tokens.
    static final int MAX_HEADER_BYTES = 32 * 1024;
    static final int MAX_REQUEST_LINE_BYTES = 8 * 1024;

    private Http1Protocol() {
    }

    static void install(ChannelPipeline pipeline, TransportSettings settings, boolean secure) {
        pipeline.addBefore(ConnectionGuard.NAME, "http1-codec", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
                .setMaxHeaderSize(MAX_HEADER_BYTES)));
        pipeline.addBefore(ConnectionGuard.NAME, "http1-aggregator", new Http1Aggregator(settings.maxRequestBodyBytes()));
        pipeline.addBefore(ConnectionGuard.NAME, "http1-handler", new Http1RequestHandler(settings.handler(), secure));
    }
}
