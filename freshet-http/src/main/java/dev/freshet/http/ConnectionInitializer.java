package dev.freshet.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;

/**
 * Sets up each accepted connection for detection. The pipeline evolves like this:
 * <pre>
 *   accepted:   [TlsDetector]? ProtocolDetector ConnectionGuard
 *                        |  first 5 bytes: a TLS record header → SslHandler, else removed
 *   detected:   [SslHandler]? ProtocolDetector ConnectionGuard
 *                                  |  first decrypted bytes: the h2 preface → HTTP/2, else HTTP/1.1
 *   HTTP/1.1:   [SslHandler]? HttpServerCodec Http1Aggregator Http1RequestHandler ConnectionGuard
 *   HTTP/2:     [SslHandler]? Http2FrameCodec Http2MultiplexHandler Http2GoAwayHandler ConnectionGuard
 *                                               └ per stream: Http2StreamHandler
 * </pre>
 * The TLS stage exists only when the server has {@link TlsMaterial}.
 *
 * <p>Thread-safety: shared by all connections; holds only immutable settings and the thread-safe
 * {@link ChannelGroup} used to find open connections at shutdown.
 */
final class ConnectionInitializer extends ChannelInitializer<SocketChannel> {

    private final TransportSettings settings;
    private final ChannelGroup connections;

    ConnectionInitializer(TransportSettings settings, ChannelGroup connections) {
        this.settings = settings;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        if (settings.tls() != null) {
            pipeline.addLast("tls-detector", new TlsDetector(settings.tls()));
        }
        pipeline.addLast("protocol-detector", new ProtocolDetector(settings));
        pipeline.addLast(ConnectionGuard.NAME, ConnectionGuard.INSTANCE);
    }
}
