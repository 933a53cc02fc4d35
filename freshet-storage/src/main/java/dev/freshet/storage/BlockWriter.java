package dev.freshet.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Appends to a file in whole blocks, as a channel opened for direct I/O demands: every write starts at a
 * multiple of the block size, from a block-aligned buffer, and covers whole blocks.
 *
 * <p>The bytes appended so far end inside a block (the <em>carry</em>, fewer than a block). The next write
 * starts at that block's start and writes the carry again, then the new bytes, then zeros up to the next
 * multiple of the block size. The file thus holds exactly the bytes appended, then fewer than a block of
 * zeros; the zeros are overwritten by the next append. Rewriting the carry changes nothing on disk: its bytes
 * are the same, so a write torn by a power loss leaves them as they were.
 *
 * <pre>
 * block:      |      0      |      1      |      2      |
 * append 1:   [aaaaaaaaaaaaaaaaaaaa000000000]               written at 0, 2 blocks
 * append 2:                 [aaaaaabbbbbbbbbbbbb000000]     written at 1 block: the carry "aaaaaa" again
 * </pre>
 *
 * <p>Each append copies its bytes once, into the writer's own aligned buffer: the price of writing without the
 * page cache, which costs the kernel far less per byte than a buffered write that an fsync then writes back.
 *
 * <p>Not thread-safe: one writer owns it.
 */
final class BlockWriter {

    /** A buffer grown past this for a large append is dropped after use rather than kept for the next one. */
    private static final int MAX_KEPT_BYTES = 8 << 20;

    private final int blockSize;
    /** Aligned to the block size; holds the carry at its start between appends. */
    private ByteBuffer buffer;
    /** Bytes of the last, partial block, at the start of {@link #buffer}. */
    private int carry;

    /** @param blockSize a power of two: the file system's block size */
    BlockWriter(int blockSize) {
        if (blockSize <= 0 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("not a power of two: " + blockSize);
        }
        this.blockSize = blockSize;
        this.buffer = allocate(blockSize);
    }

    /**
     * Writes {@code bytes} (all that remain) to {@code file}, to follow the {@code end} bytes appended to it so
     * far, which must be what this writer wrote since it {@link #restart}ed.
     */
    void append(FileChannel file, ByteBuffer bytes, long end) throws IOException {
        int length = bytes.remaining();
        int total = carry + length;
        int padded = roundUp(total);
        if (buffer.capacity() < padded) {
            long doubled = 2L * buffer.capacity();
            ByteBuffer larger = allocate(doubled <= MAX_KEPT_BYTES ? (int) Math.max(padded, doubled) : padded);
            larger.put(buffer.clear().limit(carry));
            buffer = larger;
        }
        buffer.clear().position(carry);
        buffer.put(bytes);
        while (buffer.position() < padded) {
            buffer.put((byte) 0);
        }
        buffer.flip();
        long start = end - carry;
        while (buffer.hasRemaining()) {
            file.write(buffer, start + buffer.position());
        }
        int nextCarry = total & (blockSize - 1);
        if (nextCarry > 0 && total > nextCarry) {
            buffer.put(0, buffer, total - nextCarry, nextCarry);
        }
        carry = nextCarry;
        if (buffer.capacity() > MAX_KEPT_BYTES) {
            ByteBuffer smaller = allocate(blockSize);
            smaller.put(0, buffer, 0, carry);
            buffer = smaller;
        }
    }

    /** Starts over at the start of a new, empty file. */
    void restart() {
        carry = 0;
    }

    private int roundUp(int bytes) {
        long rounded = ((long) bytes + blockSize - 1) & -blockSize;
        if (rounded > Integer.MAX_VALUE - blockSize) {
            throw new IllegalArgumentException("too large to write at once: " + bytes + " bytes");
        }
        return (int) rounded;
    }

    private ByteBuffer allocate(int capacity) {
        return ByteBuffer.allocateDirect(capacity + blockSize).alignedSlice(blockSize);
    }
}
