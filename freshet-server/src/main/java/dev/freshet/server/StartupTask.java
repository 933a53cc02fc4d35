package dev.freshet.server;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A piece of start-up work run on its own thread, so it overlaps with the rest of start-up: on a
 * machine with two or more cores, independent steps then cost the longest of them rather than
 * their sum.
 *
 * <p>Thread-safety: stateless; each task's result is published through its
 * {@link CompletableFuture}.
 */
final class StartupTask {

    /** The work: anything it throws, checked or not, becomes the future's failure. */
    @FunctionalInterface
    interface Work<T> {
        T call() throws Exception;
    }

    private StartupTask() {}

    /** Starts {@code work} on a new daemon thread named {@code name}. */
    static <T> CompletableFuture<T> run(String name, Work<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /**
     * Waits for the task's result, rethrowing its failure as it was thrown (an {@link IOException},
     * a runtime exception or an error); any other checked exception comes wrapped in an
     * {@link IOException}.
     */
    static <T> T await(CompletableFuture<T> task) throws IOException {
        try {
            return task.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    /**
     * Waits for the task to finish, for clean-up after another step already failed: its result, or
     * {@code null} if it failed too (that failure is dropped; the caller reports the earlier one).
     */
    static <T> T awaitQuietly(CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (RuntimeException ignored) {
            return null;
        }
    }
}
