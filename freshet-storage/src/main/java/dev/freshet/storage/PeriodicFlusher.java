package dev.freshet.storage;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The fsync schedule for {@link FsyncPolicy#INTERVAL}: one background thread per storage passes over the
 * open logs once per interval, and each log written to since its last force is forced; with a
 * {@link GroupCommitter}, a pass forces them in parallel on its threads (as the group commit does for many
 * dirty logs) and waits for them all. Failures are logged, since no caller is waiting.
 *
 * <p>Thread-safe. Closing waits for a pass in progress rather than interrupting it (an interrupt would
 * close the channel being forced).
 */
final class PeriodicFlusher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PeriodicFlusher.class.getName());

    private final ScheduledExecutorService executor;
    /** Null to force one log after another on the flusher's thread. */
    private final GroupCommitter parallel;

    /** @param dirtyLogs the logs to pass over; each forces itself only if written to since its last force */
    PeriodicFlusher(String threadName, Duration interval, Supplier<Collection<Forceable>> dirtyLogs) {
        this(threadName, interval, dirtyLogs, null);
    }

    /**
     * @param dirtyLogs the logs to pass over; each forces itself only if written to since its last force
     * @param parallel the threads to force them on, or null for the flusher's own; closed by its owner, after
     *     this flusher
     */
    PeriodicFlusher(String threadName, Duration interval, Supplier<Collection<Forceable>> dirtyLogs,
            GroupCommitter parallel) {
        this.parallel = parallel;
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

    private void forceAll(Collection<Forceable> logs) {
        if (parallel == null) {
            for (Forceable log : logs) {
                try {
                    log.force();
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "periodic fsync failed", e);
                }
            }
            return;
        }
        List<CompletableFuture<Void>> forced = new ArrayList<>(logs.size());
        try {
            for (Forceable log : logs) {
                forced.add(parallel.submit(parallel.target(log)));
            }
        } catch (IllegalStateException closed) {
            // the storage is closing, and forces every log as it closes it
            LOG.log(System.Logger.Level.DEBUG, "periodic fsync pass cut short", closed);
        }
        for (CompletableFuture<Void> done : forced) {
            try {
                done.join();
            } catch (CompletionException | CancellationException e) {
                LOG.log(System.Logger.Level.ERROR, "periodic fsync failed", e.getCause() != null ? e.getCause() : e);
            }
        }
    }
}
