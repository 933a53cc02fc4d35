package dev.freshet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.http.HttpReply;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeferredHandlerTest {

    private static final HttpReply OK = new HttpReply(200, Map.of(), new byte[] {1});

    @Test
    void aCallBeforeTheHandlerIsReadyIsAnsweredByItOnceItIs() throws Exception {
        DeferredHandler deferred = new DeferredHandler();
        CompletableFuture<HttpReply> early = deferred.handle(null).toCompletableFuture();
        assertThat(early).isNotDone();

        deferred.ready(call -> CompletableFuture.completedFuture(OK));

        assertThat(early.get(10, TimeUnit.SECONDS)).isSameAs(OK);
        assertThat(deferred.handle(null).toCompletableFuture().get(10, TimeUnit.SECONDS)).isSameAs(OK);
    }

    @Test
    void callsGoStraightToTheReadyHandler() {
        DeferredHandler deferred = new DeferredHandler();
        CompletableFuture<HttpReply> pending = new CompletableFuture<>();
        deferred.ready(call -> pending);

        CompletionStage<HttpReply> stage = deferred.handle(null);

        assertThat(stage).isSameAs(pending);
    }

    @Test
    void waitingCallsFailWhenStartUpFails() {
        DeferredHandler deferred = new DeferredHandler();
        CompletableFuture<HttpReply> early = deferred.handle(null).toCompletableFuture();

        deferred.fail(new IOException("port taken"));

        assertThatThrownBy(() -> early.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("port taken");
    }
}
