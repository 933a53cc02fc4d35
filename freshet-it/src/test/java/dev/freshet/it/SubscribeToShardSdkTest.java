package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.freshet.server.FreshetServer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * SubscribeToShard through the AWS SDK for Java v2's async client, over HTTP/2 cleartext, over TLS
 * without ALPN (the SDK's default on https://) and over TLS with ALPN
 * ({@code protocolNegotiation(ProtocolNegotiation.ALPN)}), in CBOR and JSON (the build runs it both
 * ways): records written after the subscription starts are pushed to it, and a second subscription
 * of the same consumer to the same shard is refused. On TLS a spy on the client's trust manager
 * proves whether ALPN was offered and that the server chose {@code h2}.
 */
class SubscribeToShardSdkTest {

    private static FreshetServer server;
    private static KinesisClient control;

    enum Transport { H2C, H2_TLS_WITHOUT_ALPN, H2_TLS_WITH_ALPN }

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.inMemory();
        control = Clients.sync(server.endpoint(), null);
    }

    @AfterAll
    static void stop() {
        control.close();
        server.close();
    }

    private static KinesisAsyncClient async(Transport transport, Clients.TlsSpy tls) {
        return switch (transport) {
            case H2C -> Clients.async(server.endpoint(), null, null);
            case H2_TLS_WITHOUT_ALPN -> Clients.async(server.endpoint("https"), server.certificatePem(),
                    ProtocolNegotiation.ASSUME_PROTOCOL, tls, null);
            case H2_TLS_WITH_ALPN -> Clients.async(server.endpoint("https"), server.certificatePem(),
                    ProtocolNegotiation.ALPN, tls, null);
        };
    }

    /** What the TLS handshakes of {@code transport} must have looked like. */
    private static String expectedHandshake(Transport transport) {
        return switch (transport) {
            case H2C -> null;
            case H2_TLS_WITHOUT_ALPN -> "offered=[] chosen=";
            case H2_TLS_WITH_ALPN -> "offered=[h2] chosen=h2";
        };
    }

    /** Creates {@code stream} with one shard and registers a consumer on it; returns the ACTIVE consumer's ARN. */
    private static String consumer(String stream) throws Exception {
        control.createStream(b -> b.streamName(stream).shardCount(1));
        String streamArn = control.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .streamARN();
        String arn = control.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("app")).consumer()
                .consumerARN();
        return Waits.consumerActive(control, arn).consumerARN();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void records_put_after_subscribing_are_pushed_to_the_subscriber(Transport transport) throws Exception {
        String stream = Clients.perWireFormat("push-" + transport.name().toLowerCase().replace('_', '-'));
        String consumerArn = consumer(stream);
        List<String> received = new CopyOnWriteArrayList<>();
        List<String> continuations = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> initial = new CompletableFuture<>();
        Clients.TlsSpy tls = new Clients.TlsSpy();
        try (KinesisAsyncClient kinesis = async(transport, tls)) {
            SubscribeToShardResponseHandler handler = SubscribeToShardResponseHandler.builder()
                    .onResponse(response -> initial.complete(null))
                    .subscriber(SubscribeToShardResponseHandler.Visitor.builder().onSubscribeToShardEvent(
                            (SubscribeToShardEvent event) -> {
                                event.records().forEach(record -> received.add(record.data().asUtf8String()));
                                continuations.add(event.continuationSequenceNumber());
                            }).build())
                    .build();
            CompletableFuture<Void> subscription = kinesis.subscribeToShard(b -> b.consumerARN(consumerArn)
                    .shardId("shardId-000000000000")
                    .startingPosition(p -> p.type(ShardIteratorType.LATEST)), handler);
            initial.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                int n = i;
                control.putRecord(b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromUtf8String("r" + n)));
            }
            for (int i = 0; i < 200 && received.size() < 5; i++) {
                Thread.sleep(25);
            }
            assertThat(received).containsExactly("r0", "r1", "r2", "r3", "r4");
            assertThat(continuations).isNotEmpty().allSatisfy(number -> assertThat(number).hasSize(56));

            Throwable second = catchThrowable(() -> kinesis.subscribeToShard(b -> b.consumerARN(consumerArn)
                    .shardId("shardId-000000000000").startingPosition(p -> p.type(ShardIteratorType.LATEST)),
                    SubscribeToShardResponseHandler.builder().subscriber(event -> { }).build())
                    .get(10, TimeUnit.SECONDS));
            assertThat(second).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ResourceInUseException.class);
            subscription.cancel(true);
        }
        if (expectedHandshake(transport) == null) {
            assertThat(tls.handshakes).isEmpty();
        } else {
            assertThat(tls.handshakes).isNotEmpty().containsOnly(expectedHandshake(transport));
        }
    }
}
