package dev.freshet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class StartupTaskTest {

    @Test
    void runsOnANamedDaemonThread() throws IOException {
        Thread thread = StartupTask.await(StartupTask.run("freshet-test-task", Thread::currentThread));

        assertThat(thread.getName()).isEqualTo("freshet-test-task");
        assertThat(thread.isDaemon()).isTrue();
    }

    @Test
    void awaitRethrowsIoAndRuntimeFailuresAsTheyWereThrown() {
        IOException io = new IOException("disk full");
        IllegalStateException runtime = new IllegalStateException("broken");

        assertThat(catchThrowable(() -> StartupTask.await(StartupTask.run("t", () -> {
            throw io;
        })))).isSameAs(io);
        assertThat(catchThrowable(() -> StartupTask.await(StartupTask.run("t", () -> {
            throw runtime;
        })))).isSameAs(runtime);
    }

    @Test
    void awaitWrapsAnyOtherCheckedFailureInAnIoException() {
        Exception checked = new Exception("checked");

        assertThat(catchThrowable(() -> StartupTask.await(StartupTask.run("t", () -> {
            throw checked;
        })))).isInstanceOf(IOException.class).hasCause(checked);
    }

    @Test
    void awaitQuietlyGivesTheResultOrNullForAFailure() {
        assertThat(StartupTask.awaitQuietly(StartupTask.run("t", () -> "done"))).isEqualTo("done");
        String failed = StartupTask.awaitQuietly(StartupTask.run("t", () -> {
            throw new IOException("ignored");
        }));

        assertThat(failed).isNull();
    }
}
