package dev.freshet.testing;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Bounded polling for what happens in its own time (a stream becoming ACTIVE, a consumer library
 * processing what was written): every wait ends by its deadline and fails the test with what it
 * waited for and what it saw last, rather than hanging or going on to fail somewhere less clear.
 *
 * <p>Stateless and thread-safe.
 */
public final class Polling {

    private static final long POLL_MILLIS = 50;

    private Polling() {}

    /** A value to poll; may throw, which fails the wait. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    /**
     * Polls {@code probe} until its value satisfies {@code condition}, for at most {@code timeout}.
     *
     * @return the value that satisfied the condition
     * @throws AssertionError if none did in time, naming {@code what} and the last value seen
     */
    public static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<? super T> condition)
            throws Exception {
        return until(what, timeout, probe, condition, String::valueOf);
    }

    /**
     * As {@link #until(String, Duration, Probe, Predicate)}, telling the last value seen by {@code describe}
     * (with whatever else helps, e.g. a server's output).
     */
    public static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<? super T> condition,
            Function<? super T, String> describe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (condition.test(value)) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; last saw: "
                        + describe.apply(value));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
