package dev.freshet.storage;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The fsync schedule for {@link FsyncPolicy#INTERVAL}: one background thread per storage forces the logs
 * written to since the last pass, once per interval. Failures are logged, since no caller is waiting.
 *
 * <p>Thread-safe. Closing waits for a pass in progress rather than interrupting it (an interrupt would
 * close the channel being forced).
 */
final class PeriodicFlusher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PeriodicFlusher.class.getName());

    private final ScheduledExecutorService executor;

    /** @param dirtyLogs the logs to pass over; each forces itself only if written to since its last force */
    PeriodicFlusher(String threadName, Duration interval, Supplier<Collection<Forceable>> dirtyLogs) {
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        long nanos = interval.toNanos();
        executor.scheduleWithFixedDelay(() -> forceAll(dirtyLogs.get()), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Stops the schedule after any pass in progress; idempotent. */
    @Override
    public void close() {
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

    private static void forceAll(Collection<Forceable> logs) {
        for (Forceable log : logs) {
            try {
                log.force();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "periodic fsync failed", e);
            }
        }
    }
}
