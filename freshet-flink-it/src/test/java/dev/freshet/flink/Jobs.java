package dev.freshet.flink;

import dev.freshet.testing.Polling;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs jobs in a local Flink mini cluster in this JVM, and waits on them with deadlines. */
final class Jobs {

    /** Fewer subtasks than the sources' shards, so that one subtask reads several shards. */
    static final int PARALLELISM = 2;

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long a cancelled job may take to end. A fan-out source usually ends in about 2 s (its HTTP
     * client's event loops wait out a 2 s quiet period), but now and then only after about 35 s: once
     * cancelled, the connector ignores what its subscriptions deliver, including their end, so a shard
     * thread already waiting for the next event wakes only if closing the HTTP client fails its
     * subscription, which the client does not always do, or else when its 35 s poll
     * (FanOutShardSubscriber) runs out.
     */
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(60);

    private Jobs() {}

    /** An environment whose executeAsync starts a mini cluster for the job and stops it when the job ends. */
    static StreamExecutionEnvironment local() {
        Configuration config = new Configuration();
        // Port 0: the usual ports on this machine may be taken.
        config.set(RestOptions.BIND_PORT, "0");
        return StreamExecutionEnvironment.createLocalEnvironment(PARALLELISM, config);
    }

    /**
     * Waits until the sink of {@code run} has received each of {@code expected} (as {@code view} maps
     * what it received), failing at once with the job's failure if the job ends first.
     */
    static void awaitAll(JobClient job, String run, Collection<String> expected,
            Function<String, String> view, Duration timeout) throws Exception {
        Polling.until(expected.size() + " records received by " + run, timeout, () -> {
            List<String> received = Collected.of(run).stream().map(view).toList();
            Set<String> missing = new HashSet<>(expected);
            received.forEach(missing::remove);
            if (!missing.isEmpty()) {
                failIfEnded(job);
            }
            return new Progress(received.size(), missing);
        }, progress -> progress.missing.isEmpty());
    }

    /** What a wait last saw: how much arrived, and a few of what had not. */
    private record Progress(int received, Set<String> missing) {
        @Override
        public String toString() {
            return received + " received, " + missing.size() + " missing, e.g. "
                    + missing.stream().sorted().limit(5).toList();
        }
    }

    /** Fails with the job's own failure if it has ended: an unbounded source's job never should. */
    private static void failIfEnded(JobClient job) throws Exception {
        // The job's result, not its status: once the job ends its mini cluster shuts down and answers
        // no more status requests, but the result stays.
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        if (result.isDone()) {
            try {
                result.get();
            } catch (ExecutionException e) {
                throw new AssertionError("job " + job.getJobID() + " failed", e.getCause());
            }
            throw new AssertionError("job " + job.getJobID() + " finished, but its source is unbounded");
        }
    }

    /** Waits for a bounded job to finish; fails with its failure, or cancels it if it does not end in time. */
    static void finish(JobClient job, Duration timeout) throws Exception {
        try {
            job.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            cancel(job);
            throw new AssertionError("job " + job.getJobID() + " did not finish within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new AssertionError("job " + job.getJobID() + " failed", e.getCause());
        }
    }

    /**
     * Cancels a job of an unbounded source unless it has already ended, and waits a bounded time for it
     * to end, so that its mini cluster is down before the next test starts one.
     */
    static void cancel(JobClient job) throws Exception {
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        if (!result.isDone()) {
            try {
                job.cancel().get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | IllegalStateException e) {
                // It ended meanwhile, and took its mini cluster with it; the result below tells.
            }
        }
        try {
            result.get(CANCEL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("job " + job.getJobID() + " did not end within " + CANCEL_TIMEOUT.toSeconds()
                    + " s of being cancelled");
        } catch (ExecutionException e) {
            // Cancelled, as asked; or failed, which the waits before this reported.
        }
    }
}
