package dev.freshet.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appending in whole blocks: after every append the file holds exactly the bytes appended, then zeros up to a
 * block boundary, whatever the lengths and however they straddle blocks.
 */
class BlockWriterTest {

    private static final int BLOCK = 4096;

    @TempDir
    Path dir;

    @Test
    void randomAppendsLeaveExactlyTheirBytesThenZerosToABlockBoundary() throws IOException {
        long seed = new Random().nextLong();
        System.out.println("BlockWriterTest seed " + seed);
        Random random = new Random(seed);
        Path path = dir.resolve("file");
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            appendAndCheck(random, file, path, "seed " + seed);
        }
    }

    @Test
    void aChannelOpenedForDirectIoTakesEveryWrite() throws IOException {
        long seed = new Random().nextLong();
        System.out.println("BlockWriterTest direct seed " + seed);
        Path path = dir.resolve("direct");
        Files.createFile(path);
        int blockSize = JournalFiles.blockSize(dir);
        assumeTrue(blockSize > 0, "the file system's block size is unknown");
        FileChannel file;
        try {
            file = FileChannel.open(path, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "no direct I/O here: " + e);
            return;
        }
        try (file) {
            // direct I/O rejects a misaligned write outright, so this fails unless every write is whole blocks
            appendAndCheck(new Random(seed), file, path, "seed " + seed);
        }
    }

    @Test
    void aWriteMustStartAtABlocksStart() throws IOException {
        BlockWriter writer = new BlockWriter(BLOCK);
        ByteBuffer buffer = writer.allocate(10).put(new byte[10]);
        try (FileChannel file = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> writer.write(file, buffer, 100)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void buffersAreAlignedWholeBlocks() {
        BlockWriter writer = new BlockWriter(BLOCK);
        for (int size : new int[] {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 1 << 20}) {
            ByteBuffer buffer = writer.allocate(size);
            assertThat(buffer.isDirect()).isTrue();
            assertThat(buffer.capacity()).isGreaterThanOrEqualTo(size).isEqualTo(buffer.capacity() / BLOCK * BLOCK);
            assertThat(buffer.alignmentOffset(0, BLOCK)).isZero();
        }
    }

    @Test
    void aBlockSizeMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new BlockWriter(3000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlockWriter(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Appends as the journal does: into one of two buffers in turn, each starting with the carry of the
     * other; checks the file after each write.
     */
    private static void appendAndCheck(Random random, FileChannel file, Path path, String context)
            throws IOException {
        BlockWriter writer = new BlockWriter(BLOCK);
        ByteBuffer[] buffers = {writer.allocate(BLOCK), writer.allocate(BLOCK)};
        ByteArrayOutputStream appended = new ByteArrayOutputStream();
        int carry = 0;
        for (int i = 0; i < 200; i++) {
            int length = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(16);
                case 1 -> random.nextInt(BLOCK * 2);
                case 2 -> BLOCK - (appended.size() % BLOCK);
                default -> random.nextInt(BLOCK * 64);
            };
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            ByteBuffer buffer = buffers[i % 2];
            if (buffer.capacity() < carry + length) {
                ByteBuffer larger = writer.allocate(carry + length);
                larger.put(buffer.flip());
                buffer = larger;
                buffers[i % 2] = buffer;
            }
            buffer.put(bytes);
            long start = appended.size();
            writer.write(file, buffer, start - carry);
            appended.write(bytes);
            carry = writer.carryOver(buffer, buffers[(i + 1) % 2]);

            long end = appended.size();
            String at = context + ", append " + i;
            assertThat(carry).as(at).isEqualTo((int) (end % BLOCK));
            assertThat(Files.size(path)).as(at).isEqualTo((end + BLOCK - 1) / BLOCK * BLOCK);
            // the block the append began in, rewritten with its carry, through the end of the file
            long from = start / BLOCK * BLOCK;
            byte[] tail = read(path, from, (int) (Files.size(path) - from));
            assertThat(Arrays.copyOf(tail, (int) (end - from))).as(at)
                    .isEqualTo(Arrays.copyOfRange(appended.toByteArray(), (int) from, (int) end));
            assertThat(Arrays.copyOfRange(tail, (int) (end - from), tail.length)).as(at)
                    .isEqualTo(new byte[tail.length - (int) (end - from)]);
        }
        assertThat(Arrays.copyOf(Files.readAllBytes(path), appended.size())).as(context)
                .isEqualTo(appended.toByteArray());
    }

    private static byte[] read(Path path, long position, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            while (bytes.hasRemaining()) {
                if (in.read(bytes, position + bytes.position()) < 0) {
                    break;
                }
            }
        }
        return bytes.array();
    }

}
