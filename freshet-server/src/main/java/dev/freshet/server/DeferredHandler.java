package dev.freshet.server;

import dev.freshet.http.HttpCall;
import dev.freshet.http.HttpHandler;
import dev.freshet.http.HttpReply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The handler the HTTP server starts with while the engine is still opening, so that the two can
 * start side by side: a request that arrives before {@link #ready} waits for the real handler (it
 * is not refused), and one that arrives after goes straight to it. If start-up fails instead
 * ({@link #fail}), waiting requests are answered with the transport's 500 as the server closes.
 *
 * <p>In practice nothing waits: the server is announced only once the engine is open. The cost
 * on every request is one volatile read.
 *
 * <p>Thread-safety: thread-safe; the handler is published through the {@link CompletableFuture}.
 */
final class DeferredHandler implements HttpHandler {

    private final CompletableFuture<HttpHandler> target = new CompletableFuture<>();
    private volatile HttpHandler ready;

    void ready(HttpHandler handler) {
        ready = handler;
        target.complete(handler);
    }

    void fail(Throwable startFailure) {
        target.completeExceptionally(startFailure);
    }

    @Override
    public CompletionStage<HttpReply> handle(HttpCall call) {
        HttpHandler handler = ready;
        return handler != null ? handler.handle(call) : target.thenCompose(late -> late.handle(call));
    }
}
