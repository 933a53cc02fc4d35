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
    void restartingWritesFromTheStartOfAnEmptyFile() throws IOException {
        BlockWriter writer = new BlockWriter(BLOCK);
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        try (FileChannel a = FileChannel.open(first, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                FileChannel b = FileChannel.open(second, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writer.append(a, ByteBuffer.wrap(filled(100, (byte) 1)), 0);
            writer.restart();
            writer.append(b, ByteBuffer.wrap(filled(10, (byte) 2)), 0);
        }
        byte[] expected = new byte[BLOCK];
        Arrays.fill(expected, 0, 10, (byte) 2);
        assertThat(Files.readAllBytes(second)).as("no carry from the first file").isEqualTo(expected);
    }

    @Test
    void aBlockSizeMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new BlockWriter(3000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlockWriter(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void appendAndCheck(Random random, FileChannel file, Path path, String context)
            throws IOException {
        BlockWriter writer = new BlockWriter(BLOCK);
        ByteArrayOutputStream appended = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            int length = switch (i == 100 ? -1 : random.nextInt(4)) {
                case -1 -> 9 << 20; // past what the writer keeps its buffer at
                case 0 -> random.nextInt(16);
                case 1 -> random.nextInt(BLOCK * 2);
                case 2 -> BLOCK - (appended.size() % BLOCK);
                default -> random.nextInt(BLOCK * 64);
            };
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            // a direct source buffer at an odd position, as the journal's groups are not aligned
            ByteBuffer source = ByteBuffer.allocateDirect(length + 7);
            source.position(7);
            source.put(bytes).position(7);
            int start = appended.size();
            writer.append(file, source, start);
            appended.write(bytes);

            assertThat(source.hasRemaining()).isFalse();
            int end = appended.size();
            String at = context + ", append " + i;
            assertThat(Files.size(path)).as(at).isEqualTo((end + BLOCK - 1L) / BLOCK * BLOCK);
            // the block the append began in, rewritten with its carry, through the end of the file
            int from = start / BLOCK * BLOCK;
            byte[] tail = read(path, from, (int) Files.size(path) - from);
            assertThat(Arrays.copyOf(tail, end - from)).as(at)
                    .isEqualTo(Arrays.copyOfRange(appended.toByteArray(), from, end));
            assertThat(Arrays.copyOfRange(tail, end - from, tail.length)).as(at)
                    .isEqualTo(new byte[tail.length - (end - from)]);
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

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
