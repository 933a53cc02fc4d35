package dev.freshet.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flink's KinesisStreamsSink, unchanged but for its client properties, writes every element of a bounded
 * job on a local mini cluster to a two-shard stream (PutRecords through the connector's shaded AWS SDK v2
 * async client): read back with the plain SDK, the stream holds each element exactly once. It does so on
 * HTTP/2 with prior knowledge over {@code http://} (its default), on HTTP/2 over TLS on
 * {@code https://}, and on HTTP/1.1.
 */
class FlinkSinkTest extends OneServer {

    private static final int ELEMENTS = 1000;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);

    enum Transport { H2C, H2_TLS, HTTP1_1 }

    private static Properties config(Transport transport) {
        return switch (transport) {
            case H2C -> Connector.sink(server.endpoint());
            case H2_TLS -> Connector.sinkTrustingAllCertificates(server.httpsEndpoint());
            case HTTP1_1 -> Connector.sinkOnHttp1(server.endpoint());
        };
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void writesEveryElementExactlyOnce(Transport transport) throws Exception {
        String stream = "flink-sink-" + transport.name().toLowerCase().replace('_', '-');
        kinesis.createStream(stream, 2);

        StreamExecutionEnvironment env = Jobs.local();
        env.fromSequence(0, ELEMENTS - 1)
                .map(i -> "element-" + i).returns(Types.STRING)
                .sinkTo(KinesisStreamsSink.<String>builder()
                        .setKinesisClientProperties(config(transport))
                        .setStreamArn(kinesis.streamArn(stream))
                        .setSerializationSchema(new SimpleStringSchema())
                        .setPartitionKeyGenerator(element -> element)
                        .build());
        JobClient job = env.executeAsync("sink over " + transport);
        Jobs.finish(job, JOB_TIMEOUT);

        List<String> stored = kinesis.readAll(stream);
        assertThat(stored).map(ShardTagged::data)
                .containsExactlyInAnyOrderElementsOf(Kinesis.numbered("element", ELEMENTS));
    }
}
