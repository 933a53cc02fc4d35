package dev.freshet.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.junit.jupiter.api.Test;

/**
 * Flink's FlinkKinesisConsumer in POLLING mode (ListShards, GetShardIterator and GetRecords through the
 * connector's shaded AWS SDK v1, in its default CBOR), unchanged but for the endpoint, reads a
 * three-shard stream on a local mini cluster: every record, those written before the job started and
 * those written while it ran, exactly once, each from the shard the server stored it in.
 */
class FlinkPollingSourceTest extends OneServer {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    // FlinkKinesisConsumer is a SourceFunction, whose addSource Flink 1.19 deprecates.
    @SuppressWarnings("deprecation")
    @Test
    void readsEveryRecordProduced() throws Exception {
        String stream = "flink-polling";
        List<String> shards = kinesis.createStream(stream, 3);
        List<String> before = Kinesis.numbered("before", 150);
        List<String> after = Kinesis.numbered("after", 150);
        kinesis.put(stream, before);

        StreamExecutionEnvironment env = Jobs.local();
        env.addSource(new FlinkKinesisConsumer<>(stream, new ShardTagged(), Connector.polling(server.endpoint())))
                .addSink(Collected.into(stream));
        JobClient job = env.executeAsync("polling source");
        List<String> all = new ArrayList<>(before);
        all.addAll(after);
        try {
            Jobs.awaitAll(job, stream, before, ShardTagged::data, READ_TIMEOUT);
            kinesis.put(stream, after);
            Jobs.awaitAll(job, stream, all, ShardTagged::data, READ_TIMEOUT);
        } finally {
            Jobs.cancel(job);
        }

        List<String> received = Collected.of(stream);
        assertThat(received).map(ShardTagged::data).containsExactlyInAnyOrderElementsOf(all);
        assertThat(received).containsExactlyInAnyOrderElementsOf(kinesis.readAll(stream));
        assertThat(received).map(ShardTagged::shard).isSubsetOf(shards).containsAll(shards);
    }
}
