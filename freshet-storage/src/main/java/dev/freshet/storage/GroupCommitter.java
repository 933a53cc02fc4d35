package dev.freshet.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Group commit for {@link FsyncPolicy#ALWAYS}: one background thread per storage takes every write
 * waiting to be made durable, forces each distinct target once, and completes the writes' futures
 * (exceptionally if the force failed). Writes submitted while a round's fsyncs run wait for the next round,
 * so concurrent appenders share fsyncs instead of queueing one each.
 *
 * <p>Futures complete on the commit thread: callbacks attached to them should be quick or use the
 * {@code *Async} variants, or they delay every later commit.
 *
 * <p>Thread-safe. The thread is never interrupted (an interrupt would close the channel it is forcing);
 * {@link #close()} lets it finish the waiting writes and stop.
 */
final class GroupCommitter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());

    private record Waiting(Forceable target, CompletableFuture<Void> durable) {}

    private final Object lock = new Object();
    private final Thread thread;
    /** Guarded by lock. */
    private List<Waiting> waiting = new ArrayList<>();
    /** Guarded by lock. */
    private boolean stopping;

    GroupCommitter(String threadName) {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Returns a future completed once {@code target} has been forced after this call.
     *
     * @throws IllegalStateException if the committer is closed
     */
    CompletableFuture<Void> submit(Forceable target) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        synchronized (lock) {
            if (stopping) {
                throw new IllegalStateException("group commit is closed");
            }
            waiting.add(new Waiting(target, durable));
            lock.notifyAll();
        }
        return durable;
    }

    /** Completes every waiting write, then stops the thread; idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            List<Waiting> round;
            synchronized (lock) {
                while (waiting.isEmpty() && !stopping) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // nobody should interrupt this thread; waiting writes still need their commit
                        LOG.log(System.Logger.Level.WARNING, "group commit thread interrupted; carrying on");
                    }
                }
                if (waiting.isEmpty()) {
                    return;
                }
                round = waiting;
                waiting = new ArrayList<>();
            }
            commit(round);
        }
    }

    private static void commit(List<Waiting> round) {
        Map<Forceable, List<CompletableFuture<Void>>> byTarget = new IdentityHashMap<>();
        for (Waiting w : round) {
            byTarget.computeIfAbsent(w.target(), t -> new ArrayList<>()).add(w.durable());
        }
        for (Map.Entry<Forceable, List<CompletableFuture<Void>>> entry : byTarget.entrySet()) {
            Throwable failure = null;
            try {
                entry.getKey().force();
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
            for (CompletableFuture<Void> durable : entry.getValue()) {
                if (failure == null) {
                    durable.complete(null);
                } else {
                    durable.completeExceptionally(failure);
                }
            }
        }
    }
}
