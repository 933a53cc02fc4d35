package dev.freshet.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;

/**
 * Installs the HTTP/2 handlers on a connection that opened with the HTTP/2 preface.
 *
 * <p>Settings, and why:
 * <ul>
 *   <li>1000 concurrent streams: SDK clients multiplex a whole fleet of producer threads on a few
 *       connections; the default 100 would make them queue or open more connections.</li>
 *   <li>1 MiB initial stream window (Netty then widens the connection window to twice that): the
 *       spec default of 64 KiB would let a multi-MiB PutRecords body crawl one round trip per
 *       64 KiB. Windows are reopened as the stream handler consumes the data, so this bounds buffered
 *       data, not body size.</li>
 *   <li>32 KiB header list, like HTTP/1.1, for SigV4 headers and session tokens.</li>
 *   <li>Graceful-shutdown timeout = the server's shutdown grace: closing the channel sends GOAWAY
 *       and waits that long for open streams before closing for real.</li>
 * </ul>
 * PING frames are acknowledged by the codec only when the client sends one (RFC 9113 6.7); the
 * server never sends PING or an unsolicited PING ACK.
 *
 * <p>Thread-safety: stateless.
 */
final class Http2Protocol {

    static final int MAX_CONCURRENT_STREAMS = 1000;
    static final int INITIAL_WINDOW_BYTES = 1024 * 1024;
    static final int MAX_HEADER_LIST_BYTES = 32 * 1024;

    private Http2Protocol() {
    }

    static void install(ChannelPipeline pipeline, TransportSettings settings, boolean secure) {
        pipeline.addBefore(ConnectionGuard.NAME, "h2-codec", Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                        .initialWindowSize(INITIAL_WINDOW_BYTES)
                        .maxHeaderListSize(MAX_HEADER_LIST_BYTES))
                .gracefulShutdownTimeoutMillis(settings.shutdownGrace().toMillis())
                .build());
        pipeline.addBefore(ConnectionGuard.NAME, "h2-multiplex", new Http2MultiplexHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel stream) {
                stream.pipeline().addLast(new Http2StreamHandler(settings.handler(), settings.maxRequestBodyBytes(), secure));
            }
        }));
        pipeline.addBefore(ConnectionGuard.NAME, "h2-goaway", new Http2GoAwayHandler());
    }
}
