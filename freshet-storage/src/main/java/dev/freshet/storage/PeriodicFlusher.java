package dev.freshet.storage;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The fsync schedule for {@link FsyncPolicy#INTERVAL}: one background thread per storage forces its target
 * (the journal) once per interval. Failures are logged, since no caller is waiting.
 *
 * <p>Thread-safe. Closing waits for a force in progress rather than interrupting it (an interrupt would
 * close the channel being forced).
 */
final class PeriodicFlusher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PeriodicFlusher.class.getName());

    private final ScheduledExecutorService executor;

    PeriodicFlusher(String threadName, Duration interval, Forceable target) {
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        long nanos = interval.toNanos();
        executor.scheduleWithFixedDelay(() -> {
            try {
                target.force();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "periodic fsync failed", e);
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Stops the schedule after any force in progress; idempotent. */
    @Override
    public void close() {
        awaitTermination(executor);
    }

    /** Shuts {@code executor} down and waits, uninterruptibly, for the task in progress to end. */
    static void awaitTermination(ExecutorService executor) {
        executor.shutdown();
        boolean interrupted = false;
        while (!executor.isTerminated()) {
            try {
                executor.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
