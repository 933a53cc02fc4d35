package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.server.FreshetServer;
import dev.freshet.testing.Polling;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * HTTP/2 flow control on a SubscribeToShard stream, seen by a raw Netty HTTP/2 client (prior
 * knowledge, JSON) that advertises a 1 KiB initial stream window and decides itself when to send
 * WINDOW_UPDATE. A sniffer at the socket parses every frame in both directions, so the byte counts
 * are the wire's, not the client codec's: the server never sends more DATA on the stream (or the
 * connection) than the windows the client granted, it fills a closed window and then waits however
 * many records are written meanwhile, and once the client opens the window, step by step, every
 * record arrives exactly once, whole and in order, in checksummed event-stream messages.
 */
class SubscribeToShardFlowControlTest {

    private static final int INITIAL_STREAM_WINDOW = 1024;
    private static final int RECORDS = 2000;
    private static final int RECORD_BYTES = 1024;
    private static final String SHARD = "shardId-000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_subscriber_with_a_small_window_is_sent_no_more_than_it_grants_and_gets_every_record_once_in_order()
            throws Exception {
        try (FreshetServer server = TestServers.inMemory(Duration.ZERO);
                KinesisClient control = Clients.sync(server.endpoint(), null)) {
            String consumerArn = consumer(control, "flow");
            try (RawSubscriber subscriber = RawSubscriber.connect(server, INITIAL_STREAM_WINDOW)) {
                subscriber.subscribe(consumerArn);
                awaitTrue("the initial-response", () -> subscriber.onLoop(() -> subscriber.messages >= 1
                        || subscriber.failure != null));
                assertThat(subscriber.onLoop(() -> subscriber.status)).isEqualTo("200");

                // The window stays closed (no WINDOW_UPDATE) while 2,000 records of 1 KiB are written.
                for (int batch = 0; batch < RECORDS / 500; batch++) {
                    List<PutRecordsRequestEntry> entries = new ArrayList<>();
                    for (int i = batch * 500; i < (batch + 1) * 500; i++) {
                        entries.add(PutRecordsRequestEntry.builder().partitionKey("k")
                                .data(SdkBytes.fromByteArray(payload(i))).build());
                    }
                    assertThat(control.putRecords(b -> b.streamName("flow").records(entries)).failedRecordCount())
                            .isZero();
                }
                // The server fills the window it was given, and stops there: 20 PING round trips
                // later (each one through the server's event loop) it still has not sent a byte more.
                awaitTrue("the window filled", () -> subscriber.onLoop(() ->
                        subscriber.wire.streamDataBytes >= INITIAL_STREAM_WINDOW || subscriber.failure != null));
                for (int i = 0; i < 20; i++) {
                    subscriber.ping(i);
                }
                subscriber.onLoop(() -> {
                    assertThat(subscriber.failure).isNull();
                    assertThat(subscriber.wire.violations).isEmpty();
                    assertThat(subscriber.wire.streamWindowUpdates).isZero();
                    assertThat(subscriber.wire.streamDataBytes).isEqualTo(INITIAL_STREAM_WINDOW);
                    assertThat(subscriber.records).size().isLessThan(RECORDS);
                    return null;
                });

                // Now the client returns what it has read, and widens the window as it goes.
                subscriber.openGradually();
                awaitTrue("every record", () -> subscriber.onLoop(() ->
                        subscriber.records.size() >= RECORDS || subscriber.failure != null));
                for (int i = 0; i < 5; i++) {
                    subscriber.ping(100 + i);
                }
                subscriber.onLoop(() -> {
                    assertThat(subscriber.failure).isNull();
                    assertThat(subscriber.wire.violations).isEmpty();
                    assertThat(subscriber.records).hasSize(RECORDS);
                    for (int i = 0; i < RECORDS; i++) {
                        assertThat(subscriber.records.get(i)).as("record %d", i).isEqualTo(i);
                    }
                    // The window really did open in steps, and everything on the wire was an event.
                    assertThat(subscriber.wire.streamWindowUpdates).isGreaterThan(10);
                    assertThat(subscriber.windowSteps).isEqualTo(RawSubscriber.WINDOW_STEPS.length);
                    assertThat(subscriber.wire.streamDataBytes).isEqualTo(subscriber.messageBytes);
                    return null;
                });
            }
        }
    }

    /** Record {@code i}: its number in six digits, then filler up to 1 KiB that depends on it. */
    private static byte[] payload(int i) {
        byte[] bytes = new byte[RECORD_BYTES];
        byte[] number = String.format("%06d", i).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(number, 0, bytes, 0, number.length);
        for (int j = number.length; j < bytes.length; j++) {
            bytes[j] = (byte) ('a' + (i + j) % 26);
        }
        return bytes;
    }

    private static String consumer(KinesisClient control, String stream) throws Exception {
        control.createStream(b -> b.streamName(stream).shardCount(1));
        String streamArn = control.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .streamARN();
        String arn = control.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("raw")).consumer()
                .consumerARN();
        return Waits.consumerActive(control, arn).consumerARN();
    }

    /** Polls {@code condition} for at most 60 s; fails the test if it never holds. */
    private static void awaitTrue(String what, BooleanSupplier condition) throws Exception {
        Polling.until(what, Duration.ofSeconds(60), condition::getAsBoolean, Boolean::booleanValue);
    }

    /**
     * A SubscribeToShard client on one HTTP/2 connection: Netty's frame codec with no multiplexer,
     * so no WINDOW_UPDATE leaves unless this class returns bytes or widens the window. All state
     * lives on the connection's event loop; the test reads it through {@link #onLoop}.
     */
    private static final class RawSubscriber implements AutoCloseable {
        /**
         * Once this many bytes of the stream have been read (of about 3 MB in all), the stream window
         * grows to that many bytes; until the first step it stays at its initial 1 KiB.
         */
        static final int[][] WINDOW_STEPS = {
            {256 * 1024, 4 * 1024}, {768 * 1024, 16 * 1024}, {1536 * 1024, 64 * 1024}, {2304 * 1024, 256 * 1024}};

        private final FreshetServer server;
        private final EventLoopGroup group;
        private final Channel channel;
        private final Http2FrameCodec codec;
        private final Frames frames = new Frames();
        final WireCounter wire = new WireCounter();
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final Map<Long, CompletableFuture<Void>> pings = new LinkedHashMap<>();
        private Http2FrameStream stream;
        private boolean consuming;
        private int unconsumed;
        private long read;
        String status;
        String failure;
        int messages;
        long messageBytes;
        int windowSteps;
        BigInteger lastSequence = BigInteger.valueOf(-1);
        final List<Integer> records = new ArrayList<>();

        private RawSubscriber(FreshetServer server, int initialWindow) throws InterruptedException {
            this.server = server;
            this.group = new NioEventLoopGroup(1);
            this.codec = Http2FrameCodecBuilder.forClient()
                    .initialSettings(Http2Settings.defaultSettings().initialWindowSize(initialWindow))
                    .build();
            this.channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(wire, codec, frames);
                        }
                    })
                    .connect(server.address()).sync().channel();
        }

        static RawSubscriber connect(FreshetServer server, int initialWindow) throws InterruptedException {
            return new RawSubscriber(server, initialWindow);
        }

        void subscribe(String consumerArn) throws Exception {
            byte[] body = JSON.writeValueAsBytes(Map.of("ConsumerARN", consumerArn, "ShardId", SHARD,
                    "StartingPosition", Map.of("Type", "TRIM_HORIZON")));
            onLoop(() -> {
                stream = frames.newStream();
                DefaultHttp2Headers headers = new DefaultHttp2Headers();
                headers.method("POST").path("/").scheme("http")
                        .authority(server.address().getHostString() + ":" + server.address().getPort());
                headers.set("x-amz-target", "Kinesis_20131202.SubscribeToShard");
                headers.set("content-type", "application/x-amz-json-1.1");
                headers.set("x-amz-date", "20260101T000000Z");
                headers.set("authorization", "AWS4-HMAC-SHA256 Credential=" + Clients.ACCOUNT
                        + "/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date;"
                        + "x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000");
                headers.setInt("content-length", body.length);
                channel.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream));
                channel.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true).stream(stream));
                return null;
            });
        }

        /** From now on, return every byte read to the server, and widen the window by WINDOW_STEPS. */
        void openGradually() {
            onLoop(() -> {
                consuming = true;
                consumeRead();
                return null;
            });
        }

        /** Sends a PING and waits (at most 10 s) for its ACK: the server has read everything sent before. */
        void ping(long content) throws Exception {
            CompletableFuture<Void> acked = onLoop(() -> {
                CompletableFuture<Void> future = new CompletableFuture<>();
                pings.put(content, future);
                channel.writeAndFlush(new DefaultHttp2PingFrame(content));
                return future;
            });
            acked.get(10, TimeUnit.SECONDS);
        }

        <T> T onLoop(Callable<T> task) {
            try {
                return channel.eventLoop().submit(task).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        private void consumeRead() {
            if (consuming && unconsumed > 0) {
                channel.write(new DefaultHttp2WindowUpdateFrame(unconsumed).stream(stream));
                unconsumed = 0;
            }
            while (consuming && windowSteps < WINDOW_STEPS.length && read >= WINDOW_STEPS[windowSteps][0]) {
                Http2Stream h2 = codec.connection().stream(stream.id());
                try {
                    int current = codec.connection().local().flowController().initialWindowSize(h2);
                    codec.connection().local().flowController()
                            .incrementWindowSize(h2, WINDOW_STEPS[windowSteps][1] - current);
                } catch (Exception e) {
                    fail("cannot widen the window: " + e);
                }
                windowSteps++;
            }
            channel.flush();
        }

        private void fail(String why) {
            if (failure == null) {
                failure = why;
            }
        }

        /** Splits the stream's bytes into event-stream messages and checks each one. */
        private void parse(byte[] bytes) {
            pending.writeBytes(bytes);
            byte[] all = pending.toByteArray();
            int at = 0;
            while (all.length - at >= 12) {
                ByteBuffer prelude = ByteBuffer.wrap(all, at, 12);
                int total = prelude.getInt();
                int headersLength = prelude.getInt();
                int preludeCrc = prelude.getInt();
                if (crc(all, at, 8) != preludeCrc || total < 16 || headersLength > total - 16) {
                    fail("bad prelude at stream byte " + messageBytes);
                    return;
                }
                if (all.length - at < total) {
                    break;
                }
                if (crc(all, at, total - 4) != ByteBuffer.wrap(all, at + total - 4, 4).getInt()) {
                    fail("bad message CRC in message " + messages);
                    return;
                }
                Map<String, String> headers = headers(all, at + 12, headersLength);
                byte[] payload = java.util.Arrays.copyOfRange(all, at + 12 + headersLength, at + total - 4);
                message(headers, payload);
                messages++;
                messageBytes += total;
                at += total;
            }
            pending.reset();
            pending.write(all, at, all.length - at);
        }

        private Map<String, String> headers(byte[] bytes, int from, int length) {
            Map<String, String> headers = new LinkedHashMap<>();
            ByteBuffer buffer = ByteBuffer.wrap(bytes, from, length);
            while (buffer.hasRemaining()) {
                byte[] name = new byte[buffer.get() & 0xFF];
                buffer.get(name);
                byte type = buffer.get();
                if (type != 7) {
                    fail("header value type " + type + " (only strings expected)");
                    return headers;
                }
                byte[] value = new byte[buffer.getShort() & 0xFFFF];
                buffer.get(value);
                headers.put(new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
            }
            return headers;
        }

        private void message(Map<String, String> headers, byte[] payload) {
            String type = headers.get(":event-type");
            if (!"event".equals(headers.get(":message-type"))) {
                fail("not an event: " + headers + " " + new String(payload, StandardCharsets.UTF_8));
                return;
            }
            if (messages == 0) {
                if (!"initial-response".equals(type)) {
                    fail("first event is " + type);
                }
                return;
            }
            if (!"SubscribeToShardEvent".equals(type)) {
                fail("unexpected event " + type);
                return;
            }
            try {
                JsonNode event = JSON.readTree(payload);
                for (JsonNode record : event.get("Records")) {
                    byte[] data = Base64.getDecoder().decode(record.get("Data").asText());
                    int number = Integer.parseInt(new String(data, 0, 6, StandardCharsets.US_ASCII));
                    if (!java.util.Arrays.equals(data, payload(number))) {
                        fail("record " + number + " arrived altered");
                    }
                    BigInteger sequence = new BigInteger(record.get("SequenceNumber").asText());
                    if (sequence.compareTo(lastSequence) <= 0) {
                        fail("sequence number " + sequence + " after " + lastSequence);
                    }
                    lastSequence = sequence;
                    records.add(number);
                }
                if (event.get("ContinuationSequenceNumber").asText().length() != 56) {
                    fail("ContinuationSequenceNumber " + event.get("ContinuationSequenceNumber"));
                }
            } catch (Exception e) {
                fail("unreadable event: " + e);
            }
        }

        private static int crc(byte[] bytes, int offset, int length) {
            CRC32 crc = new CRC32();
            crc.update(bytes, offset, length);
            return (int) crc.getValue();
        }

        @Override
        public void close() {
            channel.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }

        /** After the codec: the frames of the subscription's stream, and PING ACKs. */
        private final class Frames extends Http2ChannelDuplexHandler {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    if (msg instanceof Http2HeadersFrame headers) {
                        if (headers.headers().status() != null) {
                            status = headers.headers().status().toString();
                        }
                        if (headers.isEndStream()) {
                            fail("the subscription ended (status " + status + ")");
                        }
                    } else if (msg instanceof Http2DataFrame data) {
                        unconsumed += data.initialFlowControlledBytes();
                        read += data.initialFlowControlledBytes();
                        parse(ByteBufUtil.getBytes(data.content()));
                        if (data.isEndStream()) {
                            fail("the subscription ended after " + records.size() + " records");
                        }
                        consumeRead();
                    } else if (msg instanceof Http2PingFrame ping && ping.ack()) {
                        CompletableFuture<Void> acked = pings.remove(ping.content());
                        if (acked != null) {
                            acked.complete(null);
                        }
                    } else if (msg instanceof Http2GoAwayFrame goAway) {
                        fail("GOAWAY " + goAway.errorCode());
                    } else if (msg instanceof Http2ResetFrame reset) {
                        fail("RST_STREAM " + reset.errorCode());
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                if (event instanceof Http2ResetFrame reset) {
                    fail("RST_STREAM " + reset.errorCode());
                }
                ReferenceCountUtil.release(event);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                fail("connection error: " + cause);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                fail("the connection closed");
            }
        }
    }

    /**
     * Parses the raw HTTP/2 frames crossing the socket, both ways, and checks flow control from
     * them alone: the DATA bytes received on each stream and on the connection never exceed the
     * initial window (from the SETTINGS the client sent; 65,535 for the connection) plus the
     * WINDOW_UPDATE increments the client sent. Event loop only.
     */
    private static final class WireCounter extends ChannelDuplexHandler {
        private static final int PREFACE = 24;
        private final FrameParser in = new FrameParser(0, this::inbound);
        private final FrameParser out = new FrameParser(PREFACE, this::outbound);
        private long initialStreamWindow = 65_535;
        private long connectionGranted = 65_535;
        private long connectionData;
        private final Map<Integer, Long> streamGranted = new LinkedHashMap<>();
        private final Map<Integer, Long> streamData = new LinkedHashMap<>();
        final List<String> violations = new ArrayList<>();
        long streamDataBytes;
        int streamWindowUpdates;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                in.feed(buf);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf buf) {
                out.feed(buf);
            }
            ctx.write(msg, promise);
        }

        private void inbound(int type, int streamId, int length, byte[] payload) {
            if (type != 0) {
                return;
            }
            connectionData += length;
            long data = streamData.merge(streamId, (long) length, Long::sum);
            streamDataBytes = data;
            long granted = initialStreamWindow + streamGranted.getOrDefault(streamId, 0L);
            if (data > granted) {
                violations.add("stream " + streamId + ": " + data + " DATA bytes with " + granted + " granted");
            }
            if (connectionData > connectionGranted) {
                violations.add("connection: " + connectionData + " DATA bytes with " + connectionGranted + " granted");
            }
        }

        private void outbound(int type, int streamId, int length, byte[] payload) {
            if (type == 4 && payload != null) { // SETTINGS: pick up SETTINGS_INITIAL_WINDOW_SIZE (0x4)
                ByteBuffer settings = ByteBuffer.wrap(payload);
                while (settings.remaining() >= 6) {
                    int id = settings.getShort() & 0xFFFF;
                    long value = settings.getInt() & 0xFFFFFFFFL;
                    if (id == 4) {
                        initialStreamWindow = value;
                    }
                }
            } else if (type == 8 && payload != null) { // WINDOW_UPDATE
                long increment = ByteBuffer.wrap(payload).getInt() & 0x7FFFFFFFL;
                if (streamId == 0) {
                    connectionGranted += increment;
                } else {
                    streamGranted.merge(streamId, increment, Long::sum);
                    streamWindowUpdates++;
                }
            }
        }
    }

    /** Incremental HTTP/2 frame splitter; keeps the payload of every frame but DATA. */
    private static final class FrameParser {
        interface Sink {
            void frame(int type, int streamId, int length, byte[] payload);
        }

        private final Sink sink;
        private int skip;
        private final byte[] header = new byte[9];
        private int headerFilled;
        private int remaining = -1;
        private int type;
        private int streamId;
        private int length;
        private ByteArrayOutputStream payload;

        FrameParser(int skip, Sink sink) {
            this.skip = skip;
            this.sink = sink;
        }

        void feed(ByteBuf buf) {
            int at = buf.readerIndex();
            int end = buf.writerIndex();
            while (at < end) {
                if (skip > 0) {
                    int n = Math.min(skip, end - at);
                    skip -= n;
                    at += n;
                } else if (remaining < 0) {
                    header[headerFilled++] = buf.getByte(at++);
                    if (headerFilled == 9) {
                        headerFilled = 0;
                        length = ((header[0] & 0xFF) << 16) | ((header[1] & 0xFF) << 8) | (header[2] & 0xFF);
                        type = header[3] & 0xFF;
                        streamId = ByteBuffer.wrap(header, 5, 4).getInt() & 0x7FFFFFFF;
                        remaining = length;
                        payload = type == 0 ? null : new ByteArrayOutputStream();
                        if (remaining == 0) {
                            done();
                        }
                    }
                } else {
                    int n = Math.min(remaining, end - at);
                    if (payload != null) {
                        byte[] chunk = new byte[n];
                        buf.getBytes(at, chunk);
                        payload.writeBytes(chunk);
                    }
                    remaining -= n;
                    at += n;
                    if (remaining == 0) {
                        done();
                    }
                }
            }
        }

        private void done() {
            sink.frame(type, streamId, length, payload == null ? null : payload.toByteArray());
            remaining = -1;
        }
    }
}
