package dev.freshet.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;

/**
 * What a job's sink received, per run. The mini cluster runs the job's tasks in this JVM, so its sink
 * instances (deserialized copies of the one the test built) add to the same static collection the test
 * reads.
 */
final class Collected {

    private static final ConcurrentHashMap<String, Queue<String>> RUNS = new ConcurrentHashMap<>();

    private Collected() {}

    /**
     * A sink that records every element it is given under {@code run}. Flink 1.19 deprecates
     * SinkFunction, but its sink-v2 replacement still has a deprecated method to implement.
     */
    @SuppressWarnings("deprecation")
    static SinkFunction<String> into(String run) {
        RUNS.put(run, new ConcurrentLinkedQueue<>());
        return new Recorder(run);
    }

    /** Everything recorded under {@code run} so far, in arrival order. */
    static List<String> of(String run) {
        return new ArrayList<>(RUNS.getOrDefault(run, new ConcurrentLinkedQueue<>()));
    }

    @SuppressWarnings("deprecation")
    private static final class Recorder implements SinkFunction<String> {
        private static final long serialVersionUID = 1L;

        private final String run;

        Recorder(String run) {
            this.run = run;
        }

        @Override
        public void invoke(String value, Context context) {
            RUNS.get(run).add(value);
        }
    }
}
