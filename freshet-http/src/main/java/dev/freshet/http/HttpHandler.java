package dev.freshet.http;

import java.util.concurrent.CompletionStage;

/**
 * The application side of the transport: turns one complete request into one reply.
 *
 * <p>{@link #handle} is called on a Netty event-loop thread, so it must not block: hand slow work
 * (disk, fsync, locks held by others) to another thread and return an incomplete stage. The stage
 * may complete on any thread; the transport then writes the reply on the connection's own event
 * loop. If {@code handle} throws, returns {@code null}, or the stage completes exceptionally or
 * with {@code null}, the client gets a {@code 500} with an empty body and the failure is logged;
 * the connection and the server stay up.
 *
 * <p>Thread-safety: implementations are called concurrently from every event-loop thread and must
 * be thread-safe.
 */
@FunctionalInterface
public interface HttpHandler {

    /**
     * Handles one request.
     *
     * @param call the fully received request; its body array is handed over to the handler
     * @return the reply, possibly completed later on another thread
     */
    CompletionStage<HttpReply> handle(HttpCall call);
}
