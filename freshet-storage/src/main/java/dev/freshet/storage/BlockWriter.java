package dev.freshet.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Appends to a file in whole blocks, as a channel opened for direct I/O demands: every write starts at a
 * multiple of the block size, from a block-aligned buffer, and covers whole blocks.
 *
 * <p>The bytes appended so far end inside a block; those of that last, partial block are the <em>carry</em>
 * (fewer than a block). The buffer of the next append starts with the carry, so the next write starts at that
 * block's start: it writes the carry again, then the new bytes, then zeros up to the next multiple of the block
 * size. The file thus holds exactly the bytes appended, then fewer than a block of zeros, which the next
 * append overwrites. Rewriting the carry changes nothing on disk: its bytes are the same, so a write torn by a
 * power loss leaves them as they were.
 *
 * <pre>
 * block:        |      0      |      1      |      2      |
 * append 1:     [aaaaaaaaaaaaaaaaaaaa000000000]               buffer "aaa…a", written at 0: 2 blocks
 * append 2:                   [aaaaaabbbbbbbbbbbbb000000]     buffer "aaaaaa" (the carry) + "bbb…b", at 1 block
 * </pre>
 *
 * <p>The appender fills buffers this class {@link #allocate allocates}, {@link #write writes} one, and
 * {@link #carryOver carries} its last partial block over to the start of the next, so no byte is copied but
 * the carry.
 *
 * <p>Stateless and thread-safe; the buffers are the caller's.
 */
final class BlockWriter {

    private final int blockSize;

    /** @param blockSize a power of two: the file system's block size */
    BlockWriter(int blockSize) {
        if (blockSize <= 0 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("not a power of two: " + blockSize);
        }
        this.blockSize = blockSize;
    }

    /** A direct buffer aligned to the block size, of whole blocks, at least {@code minCapacity} bytes. */
    ByteBuffer allocate(int minCapacity) {
        long capacity = ((long) Math.max(minCapacity, 1) + blockSize - 1) & -blockSize;
        if (capacity > Integer.MAX_VALUE - blockSize) {
            throw new IllegalArgumentException("too large a buffer: " + minCapacity + " bytes");
        }
        return ByteBuffer.allocateDirect((int) capacity + blockSize).alignedSlice(blockSize);
    }

    /**
     * Writes {@code buffer}'s bytes up to its position (one of {@link #allocate}'s buffers), padded with zeros
     * to whole blocks, at {@code start}, a multiple of the block size. Leaves the position as it was.
     */
    void write(FileChannel file, ByteBuffer buffer, long start) throws IOException {
        if ((start & (blockSize - 1)) != 0) {
            throw new IllegalArgumentException("not at a block's start: " + start);
        }
        int end = buffer.position();
        int padded = (end + blockSize - 1) & -blockSize;
        for (int i = end; i < padded; i++) {
            buffer.put(i, (byte) 0);
        }
        ByteBuffer out = buffer.duplicate().position(0).limit(padded);
        while (out.hasRemaining()) {
            file.write(out, start + out.position());
        }
    }

    /**
     * Copies the carry of {@code written} (its bytes up to its position, just {@link #write written}) to the
     * start of the empty {@code next}, leaving {@code next}'s position after it.
     *
     * @return the length of the carry: where the bytes of {@code next} begin that follow those of
     *     {@code written}
     */
    int carryOver(ByteBuffer written, ByteBuffer next) {
        int end = written.position();
        int carry = end & (blockSize - 1);
        next.clear().put(0, written, end - carry, carry).position(carry);
        return carry;
    }
}
