package dev.freshet.storage;

import java.io.IOException;

/**
 * Something whose written bytes can be forced to stable storage. Implementations must allow
 * {@link #force()} from any thread, concurrently with writes.
 */
@FunctionalInterface
interface Forceable {

    /** Forces everything written so far to stable storage. */
    void force() throws IOException;
}
