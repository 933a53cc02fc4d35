package dev.freshet.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2SettingsAckFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Netty HTTP/2 client with prior knowledge (no ALPN, no Upgrade), like the AWS SDK's async
 * client. Records the connection-level frames it receives, so tests can check what the server sent.
 */
final class Http2TestClient implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel channel;
    private final List<String> connectionFrames = new ArrayList<>();
    private final CompletableFuture<Void> goAwayReceived = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<Void>> pingAcks = new LinkedHashMap<>();

    private Http2TestClient(InetSocketAddress address, SslContext ssl) throws InterruptedException {
        group = new NioEventLoopGroup(1);
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), address.getHostString(), address.getPort()));
                        }
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build());
                        ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                        ch.pipeline().addLast(new FrameRecorder());
                    }
                })
                .connect(address).sync().channel();
    }

    static Http2TestClient connect(InetSocketAddress address) throws InterruptedException {
        return new Http2TestClient(address, null);
    }

    static Http2TestClient connect(InetSocketAddress address, SslContext ssl) throws InterruptedException {
        return new Http2TestClient(address, ssl);
    }

    CompletableFuture<TestResponse> post(String path, Map<String, String> headers, byte[] body) {
        return request("POST", path, headers, body);
    }

    CompletableFuture<TestResponse> request(String method, String path, Map<String, String> headers, byte[] body) {
        CompletableFuture<TestResponse> response = new CompletableFuture<>();
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(channel)
                .handler(new ResponseCollector(response)).open().syncUninterruptibly().getNow();
        // Unvalidated, so tests can send what a broken client would; a null path leaves :path out.
        Http2Headers h2 = new DefaultHttp2Headers(false).method(method).scheme("http").authority("localhost");
        if (path != null) {
            h2.path(path);
        }
        headers.forEach(h2::set);
        stream.write(new DefaultHttp2HeadersFrame(h2, body.length == 0));
        if (body.length > 0) {
            stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
        }
        stream.flush();
        return response;
    }

    /** Sends the headers with {@code expect: 100-continue} and the body only once a 100 arrives. */
    CompletableFuture<TestResponse> postAfterContinue(String path, byte[] body) {
        CompletableFuture<TestResponse> response = new CompletableFuture<>();
        ResponseCollector collector = new ResponseCollector(response);
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(channel).handler(collector).open()
                .syncUninterruptibly().getNow();
        collector.onContinue = () -> stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("POST").path(path)
                .scheme("http").authority("localhost").set("expect", "100-continue"), false));
        return response;
    }

    CompletableFuture<Void> ping(long content) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            pingAcks.put(content, acked);
            channel.writeAndFlush(new DefaultHttp2PingFrame(content));
        });
        return acked;
    }

    void goAway() {
        channel.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR)).syncUninterruptibly();
    }

    /** The connection-level frames received so far, e.g. {@code "PING ack=true content=7"}. */
    List<String> connectionFrames() {
        return onLoop(() -> List.copyOf(connectionFrames));
    }

    CompletableFuture<Void> goAwayReceived() {
        return goAwayReceived;
    }

    CompletableFuture<Void> closed() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.closeFuture().addListener(f -> closed.complete(null));
        return closed;
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) {
        try {
            return channel.eventLoop().submit(task).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class FrameRecorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2PingFrame ping) {
                    connectionFrames.add("PING ack=" + ping.ack() + " content=" + ping.content());
                    CompletableFuture<Void> acked = ping.ack() ? pingAcks.remove(ping.content()) : null;
                    if (acked != null) {
                        acked.complete(null);
                    }
                } else if (msg instanceof Http2GoAwayFrame goAway) {
                    connectionFrames.add("GOAWAY lastStreamId=" + goAway.lastStreamId() + " error=" + goAway.errorCode());
                    goAwayReceived.complete(null);
                } else if (msg instanceof Http2SettingsAckFrame) {
                    connectionFrames.add("SETTINGS ack");
                } else if (msg instanceof Http2SettingsFrame) {
                    connectionFrames.add("SETTINGS");
                } else {
                    connectionFrames.add(msg.getClass().getSimpleName());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    private static final class ResponseCollector extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<TestResponse> response;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Runnable onContinue;

        ResponseCollector(CompletableFuture<TestResponse> response) {
            this.response = response;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                boolean end = false;
                if (msg instanceof Http2HeadersFrame frame) {
                    if (frame.headers().status() != null) {
                        status = Integer.parseInt(frame.headers().status().toString());
                    }
                    if (status == 100) {
                        if (onContinue != null) {
                            onContinue.run();
                        }
                        return;
                    }
                    frame.headers().forEach(e -> headers.put(e.getKey().toString(), e.getValue().toString()));
                    end = frame.isEndStream();
                } else if (msg instanceof Http2DataFrame frame) {
                    body.writeBytes(ByteBufUtil.getBytes(frame.content()));
                    end = frame.isEndStream();
                }
                if (end) {
                    response.complete(new TestResponse(status, Map.copyOf(headers), body.toByteArray()));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2ResetFrame reset) {
                response.completeExceptionally(new AssertionError("stream reset with error " + reset.errorCode()
                        + (status != 0 ? " after status " + status : "")));
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            response.completeExceptionally(new AssertionError("stream closed before the response ended"));
        }
    }
}
