package dev.freshet.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file channel closed only when its last user lets go, so that sealing or closing a segment never
 * pulls the channel out from under a read in progress. The creator holds the first reference; readers
 * {@link #retain()} one and {@link #close()} it when done.
 *
 * <p>Thread-safe.
 */
final class SharedChannel implements Closeable {

    private final FileChannel channel;
    private final AtomicInteger references = new AtomicInteger(1);

    SharedChannel(FileChannel channel) {
        this.channel = channel;
    }

    /** A channel private to the caller, reading {@code file}; closing it closes the file. */
    static SharedChannel openForReading(Path file) throws IOException {
        return new SharedChannel(FileChannel.open(file, StandardOpenOption.READ));
    }

    FileChannel channel() {
        return channel;
    }

    /** Takes another reference, unless the channel is already closed (then returns false). */
    boolean retain() {
        while (true) {
            int count = references.get();
            if (count == 0) {
                return false;
            }
            if (references.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** Drops one reference; the last one closes the channel. */
    @Override
    public void close() throws IOException {
        if (references.decrementAndGet() == 0) {
            channel.close();
        }
    }
}
