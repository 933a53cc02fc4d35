package dev.freshet.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.testing.Polling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;

/**
 * What each source test proves, whatever the source's mode: FlinkKinesisConsumer on a three-shard stream
 * receives every record, those written before the job started and those written while it ran, exactly
 * once, each from the shard the server stored it in.
 */
final class SourceRun {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private SourceRun() {}

    /**
     * Runs a source with {@code config} on a new {@code stream} until it has read every record, asserts
     * what it read, and cancels it; returns what {@code whileRunning} saw once the job had read the first
     * records.
     */
    // FlinkKinesisConsumer is a SourceFunction, whose addSource Flink 1.19 deprecates.
    @SuppressWarnings("deprecation")
    static <T> T readsEveryRecord(Kinesis kinesis, String stream, Properties config, Polling.Probe<T> whileRunning)
            throws Exception {
        List<String> shards = kinesis.createStream(stream, 3);
        List<String> before = Kinesis.numbered("before", 150);
        List<String> after = Kinesis.numbered("after", 150);
        kinesis.put(stream, before);

        StreamExecutionEnvironment env = Jobs.local();
        env.addSource(new FlinkKinesisConsumer<>(stream, new ShardTagged(), config)).addSink(Collected.into(stream));
        JobClient job = env.executeAsync("source on " + stream);
        List<String> all = new ArrayList<>(before);
        all.addAll(after);
        T seen;
        try {
            Jobs.awaitAll(job, stream, before, ShardTagged::data, READ_TIMEOUT);
            kinesis.put(stream, after);
            Jobs.awaitAll(job, stream, all, ShardTagged::data, READ_TIMEOUT);
            seen = whileRunning.get();
        } finally {
            Jobs.cancel(job);
        }

        List<String> received = Collected.of(stream);
        assertThat(received).map(ShardTagged::data).containsExactlyInAnyOrderElementsOf(all);
        assertThat(received).containsExactlyInAnyOrderElementsOf(kinesis.readAll(stream));
        assertThat(received).map(ShardTagged::shard).isSubsetOf(shards).containsAll(shards);
        return seen;
    }
}
