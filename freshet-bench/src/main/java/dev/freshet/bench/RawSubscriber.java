package dev.freshet.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.zip.CRC32;

/**
 * A lean SubscribeToShard client: one cleartext HTTP/2 connection (h2c with prior knowledge, {@code http://}
 * endpoints only) and one HTTP/2 stream per shard, so that measuring put-to-push latency measures the
 * server, not the AWS SDK's event-stream machinery. Requests carry the same unchecked, well-formed SigV4
 * header as {@link RawKinesis}'s and a JSON body; the answer's body ({@code application/vnd.amazon.eventstream})
 * is a sequence of messages, all integers big-endian:
 *
 * <pre>
 * +--------------+----------------+---------------+---------+---------+---------------+
 * | total length | headers length | prelude CRC32 | headers | payload | message CRC32 |
 * |   4 bytes    |    4 bytes     |    4 bytes    |         |         |    4 bytes    |
 * +--------------+----------------+---------------+---------+---------+---------------+
 *   prelude CRC32 covers the first 8 bytes; message CRC32 covers everything before it
 *
 * header: | name length (1) | name | type (1) | value |     type 7 (string): | length (2) | UTF-8 |
 * </pre>
 *
 * The first message has {@code :event-type} {@code initial-response}; each later one
 * {@code SubscribeToShardEvent}, whose JSON payload holds {@code Records} (base64 {@code Data} each). A message
 * whose {@code :message-type} is {@code exception} is a failure.
 *
 * <p>Flow control never stalls a stream: every stream's initial window is {@value #WINDOW} bytes (and the frame
 * codec widens the connection's window to match with a WINDOW_UPDATE), and bytes are handed back to the
 * window as soon as each DATA frame has been read.
 *
 * <p>Thread-safe: {@link #subscribe} and {@link #close} may be called from any thread. All decoding, and
 * every call of the record and error callbacks, happens on the one event-loop thread, one message at a time.
 */
final class RawSubscriber implements AutoCloseable {

    /** Each stream's receive window, and about the connection's. */
    static final int WINDOW = 16 << 20;
    private static final int PRELUDE_BYTES = 12;
    private static final int MAX_MESSAGE_BYTES = 64 << 20;
    private static final JsonFactory JSON = new JsonFactory();

    /** Receives the records of one event: the nanoTime its message was complete, and each record's data. */
    interface Records {
        void accept(long arrivalNanos, List<byte[]> data);
    }

    private final String authority;
    private final String region;
    private final String accessKey;
    private final BiConsumer<String, Throwable> onError;
    private final Records onRecords;
    private final EventLoopGroup group;
    private final Channel connection;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Connects, waiting at most {@code connectTimeout}.
     *
     * @param onRecords called with each event's records
     * @param onError called with the shard and the cause when a subscription fails or ends before {@link #close}
     * @throws IllegalArgumentException if the endpoint is not {@code http://HOST[:PORT]}
     * @throws IOException if the connection could not be made in time
     */
    RawSubscriber(URI endpoint, String region, String accessKey, Duration connectTimeout, Records onRecords,
            BiConsumer<String, Throwable> onError) throws IOException, InterruptedException {
        if (!"http".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("the raw subscriber speaks http://HOST:PORT only: " + endpoint);
        }
        String host = endpoint.getHost();
        int port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
        this.authority = host + ":" + port;
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        this.region = region;
        this.accessKey = accessKey;
        this.onRecords = onRecords;
        this.onError = onError;
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("bench-push-subscriber", true));
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
        ChannelFuture connect = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                Http2FrameCodecBuilder.forClient()
                                        .initialSettings(Http2Settings.defaultSettings().initialWindowSize(WINDOW))
                                        .build(),
                                // The server opens no streams of its own; the handler is only required.
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                    }
                })
                .connect(host, port);
        try {
            if (!connect.await(timeoutMillis + 1000L, TimeUnit.MILLISECONDS) || !connect.isSuccess()) {
                Throwable cause = connect.cause();
                throw new IOException("could not connect to " + authority + " within " + connectTimeout
                        + (cause == null ? "" : ": " + cause), cause);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            connect.cancel(false);
            connect.channel().close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        this.connection = connect.channel();
    }

    /**
     * Opens one HTTP/2 stream subscribing the consumer to the shard from {@code TRIM_HORIZON}.
     *
     * @return completed when the {@code initial-response} message arrives; failed if the subscription
     *     fails first. The caller bounds the wait.
     */
    CompletableFuture<Void> subscribe(String consumerArn, String shardId) {
        CompletableFuture<Void> initial = new CompletableFuture<>();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Http2Headers headers = new DefaultHttp2Headers()
                .method("POST").scheme("http").path("/").authority(authority)
                .add("content-type", "application/x-amz-json-1.1")
                .add("x-amz-target", RawKinesis.TARGET_PREFIX + "SubscribeToShard")
                .add("x-amz-date", RawKinesis.amzDate(now))
                .add("authorization", RawKinesis.authorization(now, accessKey, region));
        ByteBuf body = Unpooled.buffer(256);
        try (JsonGenerator g = JSON.createGenerator((OutputStream) new ByteBufOutputStream(body))) {
            g.writeStartObject();
            g.writeStringField("ConsumerARN", consumerArn);
            g.writeStringField("ShardId", shardId);
            g.writeObjectFieldStart("StartingPosition");
            g.writeStringField("Type", "TRIM_HORIZON");
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        new Http2StreamChannelBootstrap(connection).handler(new ShardStream(shardId, initial)).open()
                .addListener(opened -> {
                    if (!opened.isSuccess()) {
                        body.release();
                        initial.completeExceptionally(opened.cause());
                        return;
                    }
                    Http2StreamChannel stream = (Http2StreamChannel) opened.getNow();
                    stream.write(new DefaultHttp2HeadersFrame(headers, false));
                    stream.writeAndFlush(new DefaultHttp2DataFrame(body, true)).addListener(written -> {
                        if (!written.isSuccess()) {
                            initial.completeExceptionally(written.cause());
                        }
                    });
                });
        return initial;
    }

    /** Ends every subscription: closes the connection and stops the event loop, waiting a few seconds at most. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        connection.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** One shard's stream: the response's status, then its body decoded message by message. */
    private final class ShardStream extends SimpleChannelInboundHandler<Http2StreamFrame> {

        private final String shardId;
        private final CompletableFuture<Void> initial;
        private final CRC32 crc = new CRC32();
        private ByteBuf pending;
        private int status;
        private boolean failed;

        ShardStream(String shardId, CompletableFuture<Void> initial) {
            this.shardId = shardId;
            this.initial = initial;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            pending = ctx.alloc().buffer(64 << 10);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            pending.release();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
            if (frame instanceof Http2HeadersFrame headers) {
                CharSequence code = headers.headers().status();
                if (code != null) {
                    status = Integer.parseInt(code.toString());
                }
                if (headers.isEndStream()) {
                    ended(ctx);
                }
            } else if (frame instanceof Http2DataFrame data) {
                pending.writeBytes(data.content());
                if (status == 200) {
                    decode(ctx);
                }
                if (data.isEndStream()) {
                    ended(ctx);
                }
            } else if (frame instanceof Http2ResetFrame reset) {
                fail(ctx, new IOException("stream reset by the server, error code " + reset.errorCode()));
            }
        }

        private void decode(ChannelHandlerContext ctx) {
            // Bounded: each pass consumes one whole message or stops.
            while (!failed && pending.readableBytes() >= PRELUDE_BYTES) {
                int start = pending.readerIndex();
                int total = pending.getInt(start);
                int headersLength = pending.getInt(start + 4);
                crc.reset();
                crc.update(pending.nioBuffer(start, 8));
                if ((int) crc.getValue() != pending.getInt(start + 8)) {
                    fail(ctx, new IOException("event-stream prelude CRC mismatch"));
                    return;
                }
                if (total < PRELUDE_BYTES + 4 || total > MAX_MESSAGE_BYTES || headersLength < 0
                        || headersLength > total - PRELUDE_BYTES - 4) {
                    fail(ctx, new IOException("malformed event-stream prelude: " + total + ", " + headersLength));
                    return;
                }
                if (pending.readableBytes() < total) {
                    return;
                }
                long arrival = System.nanoTime();
                crc.reset();
                crc.update(pending.nioBuffer(start, total - 4));
                if ((int) crc.getValue() != pending.getInt(start + total - 4)) {
                    fail(ctx, new IOException("event-stream message CRC mismatch"));
                    return;
                }
                String messageType = null;
                String eventType = null;
                String exceptionType = null;
                int at = start + PRELUDE_BYTES;
                int headersEnd = at + headersLength;
                while (at < headersEnd) {
                    int nameLength = pending.getUnsignedByte(at);
                    String name = pending.toString(at + 1, nameLength, StandardCharsets.UTF_8);
                    at += 1 + nameLength;
                    int type = pending.getUnsignedByte(at++);
                    if (type == 7) {
                        int length = pending.getUnsignedShort(at);
                        String value = pending.toString(at + 2, length, StandardCharsets.UTF_8);
                        at += 2 + length;
                        switch (name) {
                            case ":message-type" -> messageType = value;
                            case ":event-type" -> eventType = value;
                            case ":exception-type" -> exceptionType = value;
                            default -> { }
                        }
                    } else {
                        at += valueBytes(type, at);
                    }
                }
                int payloadStart = start + PRELUDE_BYTES + headersLength;
                int payloadLength = total - PRELUDE_BYTES - headersLength - 4;
                pending.readerIndex(start + total);
                if ("exception".equals(messageType) || "error".equals(messageType)) {
                    fail(ctx, new IOException("SubscribeToShard " + (exceptionType == null ? "error" : exceptionType)
                            + ": " + pending.toString(payloadStart, payloadLength, StandardCharsets.UTF_8)));
                } else if ("initial-response".equals(eventType)) {
                    initial.complete(null);
                } else if ("SubscribeToShardEvent".equals(eventType)) {
                    try {
                        onRecords.accept(arrival, records(pending, payloadStart, payloadLength));
                    } catch (IOException e) {
                        fail(ctx, e);
                    }
                }
            }
            pending.discardReadBytes();
        }

        /** How many bytes a header value of a type other than string takes. */
        private int valueBytes(int type, int at) {
            return switch (type) {
                case 0, 1 -> 0;
                case 2 -> 1;
                case 3 -> 2;
                case 4 -> 4;
                case 5, 8 -> 8;
                case 6 -> 2 + pending.getUnsignedShort(at);
                case 9 -> 16;
                default -> throw new IllegalStateException("unknown event-stream header type " + type);
            };
        }

        private void ended(ChannelHandlerContext ctx) {
            if (status != 200) {
                fail(ctx, new IOException("SubscribeToShard answered HTTP " + status + ": "
                        + pending.toString(StandardCharsets.UTF_8)));
            } else if (!closed.get()) {
                fail(ctx, new IOException("the subscription ended"));
            }
        }

        private void fail(ChannelHandlerContext ctx, Throwable cause) {
            if (failed) {
                return;
            }
            failed = true;
            initial.completeExceptionally(cause);
            if (!closed.get()) {
                onError.accept(shardId, cause);
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(ctx, new IOException("the stream closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, cause);
        }
    }

    /** Each record's data, from a SubscribeToShardEvent's JSON payload. */
    private static List<byte[]> records(ByteBuf buffer, int offset, int length) throws IOException {
        List<byte[]> data = new ArrayList<>();
        byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a SubscribeToShardEvent that is not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("Records") && value == JsonToken.START_ARRAY) {
                    data.addAll(RawKinesis.recordData(p));
                } else {
                    p.skipChildren();
                }
            }
        }
        return data;
    }
}
