package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.server.FreshetServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * A client that builds its requests from what DescribeStreamSummary told it still reaches the endpoint it
 * was pointed at. The SDKs' endpoint rules send a request carrying a StreamId of AWS's shape to a per-stream
 * AWS host whatever the endpoint override, and the KCL 3.5's fan-out passes the summary's StreamId back;
 * AWS documents that field as not implemented and gives none, and so does Freshet.
 */
class EndpointOverrideTest {

    private static FreshetServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.inMemory();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void requestsBuiltFromTheStreamSummaryGoToTheOverriddenEndpoint() {
        HostSpy hosts = new HostSpy(server.endpoint().getHost());
        try (KinesisClient kinesis = KinesisClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(Clients.credentials(Clients.ACCOUNT))
                .httpClient(ApacheHttpClient.builder().build())
                .overrideConfiguration(o -> o.addExecutionInterceptor(hosts).apiCallTimeout(Duration.ofSeconds(30))
                        .retryStrategy(r -> r.maxAttempts(1)))
                .build()) {
            kinesis.createStream(b -> b.streamName("routed").shardCount(1));
            StreamDescriptionSummary summary =
                    kinesis.describeStreamSummary(b -> b.streamName("routed")).streamDescriptionSummary();
            kinesis.registerStreamConsumer(b -> b.streamARN(summary.streamARN()).consumerName("app"));

            // As the KCL's fan-out registration asks: the ARN and StreamId from the summary.
            ConsumerStatus status = kinesis.describeStreamConsumer(b -> b.streamARN(summary.streamARN())
                    .consumerName("app").streamId(summary.streamId())).consumerDescription().consumerStatus();

            assertThat(status).isEqualTo(ConsumerStatus.ACTIVE);
            assertThat(hosts.seen).containsOnly(server.endpoint().getHost());
            assertThat(summary.streamId()).isNull();
        }
    }

    /**
     * Notes each request's host and stops any not bound for the server before it is sent, so a request the
     * SDK routes elsewhere fails the test here without a name lookup leaving the machine.
     */
    private static final class HostSpy implements ExecutionInterceptor {
        final List<String> seen = new CopyOnWriteArrayList<>();
        private final String expected;

        HostSpy(String expected) {
            this.expected = expected;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            String host = context.httpRequest().host();
            seen.add(host);
            if (!host.equals(expected)) {
                throw new AssertionError("request routed to " + host + " instead of " + expected);
            }
        }
    }
}
