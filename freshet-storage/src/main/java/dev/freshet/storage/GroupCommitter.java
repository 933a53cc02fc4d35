package dev.freshet.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Forces many files at once: a small pool of commit threads per storage forces the {@link Target}s that
 * callers wait on, and completes their futures (exceptionally if the force failed). The storage's
 * checkpoints use it to force every log written since the last one; appends themselves wait on the
 * {@link Journal}, not on this.
 *
 * <p>How a commit is shared: each target (the active segment of a log) keeps the futures of the writes
 * not yet covered by a force, and sits at most once in a FIFO queue of dirty targets. A commit thread
 * takes the first target, takes all its waiting futures, forces it once, and completes them; writes
 * submitted while that force runs wait for the target's next force, for which it goes to the back of the
 * queue. So concurrent writers to one log share its fsyncs, and the fsyncs of different logs run in
 * parallel on up to {@code threads} threads: the file system folds concurrent fsyncs into shared journal
 * commits, which makes a round over many dirty logs several times cheaper than forcing them one after
 * another (on ext4, 100 dirty files took about 9 ms with 8 threads against 35 ms with one), and a log with
 * a slow fsync does not hold up the others. One target is never forced by two commit threads at once.
 *
 * <p>Durability contract: a future completes normally only after a {@link Forceable#force} of its target
 * that began after the future was submitted has returned; the target itself decides what a force covers
 * (see {@link ActiveSegment#force}). A force that throws fails every future it was to cover.
 *
 * <p>Threads are started on demand, up to {@code threads}; idle ones wait. Waking one costs the submitter a
 * signal only while queued targets outnumber the threads already woken. Futures complete on commit threads:
 * callbacks attached to them should be quick or use the {@code *Async} variants, or they delay later
 * commits.
 *
 * <p>Thread-safe. All state is guarded by one lock, held only to move futures and targets between lists,
 * never during a force or while completing futures. The threads are never interrupted (an interrupt would
 * close the channel being forced); {@link #close()} lets them finish every accepted write and stop.
 */
final class GroupCommitter implements AutoCloseable {

    /** Commit threads per storage by default: past about eight, concurrent fsyncs gained little on ext4. */
    static final int DEFAULT_THREADS = 8;

    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());

    /**
     * Something writes wait on to be forced, with the futures of the writes not yet covered by a force. Get
     * one per forceable from {@link #target}, and submit every write of that forceable through it.
     */
    static final class Target {
        private final Forceable forceable;
        /** Guarded by the committer's lock. */
        private List<CompletableFuture<Void>> waiting = new ArrayList<>(4);
        /** Guarded by the committer's lock: queued, or being forced by a commit thread. */
        private boolean scheduled;

        private Target(Forceable forceable) {
            this.forceable = forceable;
        }
    }

    private final String threadName;
    private final int maxThreads;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    /** Guarded by lock: dirty targets waiting for a commit thread, each at most once. */
    private final ArrayDeque<Target> queue = new ArrayDeque<>();
    /** Guarded by lock. */
    private final List<Thread> threads = new ArrayList<>();
    /** Guarded by lock: threads waiting for work. */
    private int idle;
    /** Guarded by lock: idle threads signalled that have not woken yet. */
    private int signalled;
    /** Guarded by lock. */
    private boolean stopping;

    GroupCommitter(String threadName) {
        this(threadName, DEFAULT_THREADS);
    }

    /** @param threads the most commit threads, at least 1 */
    GroupCommitter(String threadName, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.threadName = threadName;
        this.maxThreads = threads;
    }

    /** The commit state of {@code forceable}; use one target per forceable so that its writes share forces. */
    Target target(Forceable forceable) {
        return new Target(forceable);
    }

    /**
     * Returns a future completed once {@code target} has been forced after this call, or completed
     * exceptionally with the failure of that force.
     *
     * @throws IllegalStateException if the committer is closed
     */
    CompletableFuture<Void> submit(Target target) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        lock.lock();
        try {
            if (stopping) {
                throw new IllegalStateException("group commit is closed");
            }
            target.waiting.add(durable);
            if (!target.scheduled) {
                target.scheduled = true;
                queue.addLast(target);
                wakeOrStartLocked();
            }
        } finally {
            lock.unlock();
        }
        return durable;
    }

    /** How many commit threads have been started (for tests). */
    int threadCount() {
        lock.lock();
        try {
            return threads.size();
        } finally {
            lock.unlock();
        }
    }

    /** Completes every write accepted so far, then stops the threads; idempotent. */
    @Override
    public void close() {
        List<Thread> started;
        lock.lock();
        try {
            stopping = true;
            ready.signalAll();
            started = List.copyOf(threads);
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        for (Thread thread : started) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Guarded by lock: gets a thread to the queue's new entry unless enough are already on their way. */
    private void wakeOrStartLocked() {
        if (queue.size() <= signalled) {
            return;
        }
        if (idle > signalled) {
            signalled++;
            ready.signal();
        } else if (threads.size() < maxThreads && !stopping) {
            // (once stopping, the threads already running drain the queue, and close() joins only those)
            Thread thread = new Thread(this::run, threadName + "-" + threads.size());
            thread.setDaemon(true);
            threads.add(thread);
            // counted as on its way until it first looks at the queue
            signalled++;
            thread.start();
        }
    }

    private void run() {
        lock.lock();
        try {
            signalled = Math.max(0, signalled - 1);
        } finally {
            lock.unlock();
        }
        try {
            commitUntilStopped();
        } catch (Error e) {
            lock.lock();
            try {
                threads.remove(Thread.currentThread());
                if (!queue.isEmpty()) {
                    wakeOrStartLocked();
                }
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    private void commitUntilStopped() {
        while (true) {
            Target target;
            List<CompletableFuture<Void>> round;
            lock.lock();
            try {
                while (queue.isEmpty()) {
                    if (stopping) {
                        return;
                    }
                    idle++;
                    ready.awaitUninterruptibly();
                    idle--;
                    if (signalled > 0) {
                        signalled--;
                    }
                }
                target = queue.pollFirst();
                if (!queue.isEmpty()) {
                    wakeOrStartLocked();
                }
                round = target.waiting;
                target.waiting = new ArrayList<>(Math.max(4, round.size()));
            } finally {
                lock.unlock();
            }
            Throwable failure = null;
            try {
                target.forceable.force();
            } catch (Throwable e) {
                failure = e;
            }
            for (CompletableFuture<Void> durable : round) {
                if (failure == null) {
                    durable.complete(null);
                } else {
                    durable.completeExceptionally(failure);
                }
            }
            lock.lock();
            try {
                if (target.waiting.isEmpty()) {
                    target.scheduled = false;
                } else {
                    queue.addLast(target);
                }
            } finally {
                lock.unlock();
            }
            if (failure instanceof Error error) {
                // the writes it was to cover have been failed; an Error is not this thread's to survive
                LOG.log(System.Logger.Level.ERROR, "group commit thread failed", error);
                throw error;
            }
        }
    }
}
