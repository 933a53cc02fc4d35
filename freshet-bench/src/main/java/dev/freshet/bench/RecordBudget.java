package dev.freshet.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bound on a loop: a count of records and a deadline, whichever comes first. Producer threads claim
 * records from it before sending them, so that together they never exceed the count.
 *
 * <p>Thread-safe: the remaining count is an atomic, the deadline is final.
 */
final class RecordBudget {

    private final AtomicLong remaining;
    private final long deadlineNanos;

    RecordBudget(long maxRecords, Duration duration) {
        this.remaining = new AtomicLong(maxRecords);
        this.deadlineNanos = System.nanoTime() + duration.toNanos();
    }

    /** Up to {@code wanted} records that may still be sent; 0 once the count or the time is spent. */
    int claim(int wanted) {
        if (expired()) {
            return 0;
        }
        while (true) {
            long left = remaining.get();
            if (left <= 0) {
                return 0;
            }
            int granted = (int) Math.min(wanted, left);
            if (remaining.compareAndSet(left, left - granted)) {
                return granted;
            }
        }
    }

    boolean expired() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }
}
