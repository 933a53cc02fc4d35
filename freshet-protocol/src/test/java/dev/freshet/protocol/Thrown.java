package dev.freshet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Catches what a call throws, failing the test unless it is of the expected type. Stateless; thread-safe. */
final class Thrown {

    private Thrown() {
    }

    static <T extends Throwable> T by(Class<T> type, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected %s", type.getSimpleName()).isInstanceOf(type);
        return type.cast(thrown);
    }
}
