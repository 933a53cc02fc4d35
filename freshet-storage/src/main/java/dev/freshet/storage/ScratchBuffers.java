package dev.freshet.storage;

import java.nio.ByteBuffer;

/**
 * Reusable per-thread buffers for the append and read paths, so that neither allocates and zeroes a
 * buffer the size of a batch or of a read-ahead on every call. They are direct: a file channel writes and
 * reads a direct buffer without first copying it through a temporary one, and CRC32C checksums it in place.
 *
 * <p>A buffer is taken out of its thread's slot and given back after use, so a second use on the same
 * thread before the first gives its buffer back gets a buffer of its own, never a shared one. Each thread
 * keeps at most one buffer per {@link Use}, of at most {@link #MAX_CACHED_BYTES}; larger needs get heap
 * buffers that are never kept, so the direct memory held stays below that per thread that appends or reads.
 *
 * <p>Thread-safety: thread-confined; a buffer must be given back by the thread that took it, or dropped.
 */
final class ScratchBuffers {

    /** The largest buffer a thread keeps for reuse, per use. */
    static final int MAX_CACHED_BYTES = 1 << 20;
    private static final int MIN_BYTES = 4 << 10;

    /** What a buffer is for: each has its own slot, so a read during an append never waits for one. */
    enum Use { WRITE, READ }

    private static final ThreadLocal<ScratchBuffers> SLOTS = ThreadLocal.withInitial(ScratchBuffers::new);

    private ByteBuffer forWrites;
    private ByteBuffer forReads;

    private ScratchBuffers() {}

    /**
     * A cleared buffer of at least {@code minCapacity} bytes, all the caller's until {@link #giveBack}: the
     * thread's kept one if it is large enough, else a new one (direct up to {@link #MAX_CACHED_BYTES}).
     */
    static ByteBuffer take(Use use, int minCapacity) {
        ScratchBuffers slots = SLOTS.get();
        ByteBuffer kept = use == Use.WRITE ? slots.forWrites : slots.forReads;
        if (kept != null && kept.capacity() >= minCapacity) {
            slots.set(use, null);
            return kept.clear();
        }
        if (minCapacity > MAX_CACHED_BYTES) {
            return ByteBuffer.allocate(minCapacity);
        }
        int capacity = Math.max(MIN_BYTES, Integer.highestOneBit(Math.max(1, minCapacity - 1)) << 1);
        return ByteBuffer.allocateDirect(Math.min(capacity, MAX_CACHED_BYTES));
    }

    /** Keeps {@code buffer} for the thread's next {@link #take}, if it is worth keeping. */
    static void giveBack(Use use, ByteBuffer buffer) {
        if (buffer == null || !buffer.isDirect() || buffer.capacity() > MAX_CACHED_BYTES) {
            return;
        }
        ScratchBuffers slots = SLOTS.get();
        ByteBuffer kept = use == Use.WRITE ? slots.forWrites : slots.forReads;
        if (kept == null || kept.capacity() < buffer.capacity()) {
            slots.set(use, buffer);
        }
    }

    private void set(Use use, ByteBuffer buffer) {
        if (use == Use.WRITE) {
            forWrites = buffer;
        } else {
            forReads = buffer;
        }
    }
}
