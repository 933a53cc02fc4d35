package dev.freshet.http;

import io.netty.util.concurrent.EventExecutor;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Calls the application handler and brings its reply back to the connection's event loop.
 *
 * <p>Every way a handler can fail (throwing, returning {@code null}, failing the stage, completing
 * it with {@code null}) becomes a logged {@code 500} with an empty body, so the protocol code
 * only ever sees a reply.
 *
 * <p>Thread-safety: stateless; the reply callback always runs on the given event loop.
 */
final class HandlerInvoker {

    private static final System.Logger LOG = System.getLogger(HandlerInvoker.class.getName());

    static final HttpReply INTERNAL_ERROR = new HttpReply(500, Map.of(), new byte[0]);

    private HandlerInvoker() {
    }

    static void dispatch(HttpHandler handler, HttpCall call, EventExecutor loop, Consumer<HttpReply> writer) {
        CompletionStage<HttpReply> stage;
        try {
            stage = handler.handle(call);
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "handler threw for " + call + "; answering 500", e);
            deliver(loop, INTERNAL_ERROR, writer, call);
            return;
        }
        if (stage == null) {
            LOG.log(Level.WARNING, "handler returned no stage for " + call + "; answering 500");
            deliver(loop, INTERNAL_ERROR, writer, call);
            return;
        }
        stage.whenComplete((reply, failure) -> {
            HttpReply answer = reply;
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                LOG.log(Level.WARNING, "handler failed for " + call + "; answering 500", cause);
                answer = INTERNAL_ERROR;
            } else if (reply == null) {
                LOG.log(Level.WARNING, "handler completed with no reply for " + call + "; answering 500");
                answer = INTERNAL_ERROR;
            }
            deliver(loop, answer, writer, call);
        });
    }

    private static void deliver(EventExecutor loop, HttpReply reply, Consumer<HttpReply> writer, HttpCall call) {
        if (loop.inEventLoop()) {
            writer.accept(reply);
            return;
        }
        try {
            loop.execute(() -> writer.accept(reply));
        } catch (RejectedExecutionException e) {
            // The server finished shutting down before the handler did; the connection is gone.
            LOG.log(Level.INFO, "dropping the reply to " + call + ": the server has shut down", e);
        }
    }
}
