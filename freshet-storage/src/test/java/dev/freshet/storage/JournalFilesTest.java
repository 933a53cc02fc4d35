package dev.freshet.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journal files: created once, and opened for direct I/O when asked, as Linux reports the open file. */
class JournalFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFileAskedForDirectIoIsOpenWithODirect() throws IOException {
        int blockSize = JournalFiles.blockSize(dir);
        assumeTrue(blockSize > 0, "the file system's block size is unknown");
        Path path = JournalFiles.path(dir, 1);
        try (FileChannel channel = JournalFiles.create(path, blockSize)) {
            assertThat(openFlags(path) & oDirect()).as("O_DIRECT").isNotZero();
            assertThat(Files.readAllBytes(path)).as("a block of zeros, written to try direct I/O")
                    .isEqualTo(new byte[blockSize]);
        }
    }

    @Test
    void aFileWhoseDirectWriteFailsGoesThroughThePageCacheInstead() throws IOException {
        assumeTrue(JournalFiles.blockSize(dir) > 512, "needs a file system whose blocks are larger than 512 bytes");
        Path path = JournalFiles.path(dir, 1);
        // direct writes of 512 bytes are refused where blocks are larger: the probe write fails
        try (FileChannel channel = JournalFiles.create(path, 512)) {
            assertThat(openFlags(path) & oDirect()).as("O_DIRECT").isZero();
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
        }
        assertThat(Files.readAllBytes(path)).containsExactly(1, 2, 3);
    }

    @Test
    void aFileNotAskedForDirectIoGoesThroughThePageCache() throws IOException {
        Path path = JournalFiles.path(dir, 1);
        try (FileChannel channel = JournalFiles.create(path, 0)) {
            assertThat(openFlags(path) & oDirect()).as("O_DIRECT").isZero();
        }
    }

    @Test
    void aFileIsNeverCreatedTwice() throws IOException {
        Path path = JournalFiles.path(dir, 7);
        JournalFiles.create(path, 4096).close();
        assertThatThrownBy(() -> JournalFiles.create(path, 4096)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(JournalFiles.numbers(dir)).isEqualTo(List.of(7L));
    }

    /** The flags of this process's only open descriptor of {@code path}, from {@code /proc/self/fdinfo}. */
    private static long openFlags(Path path) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "no /proc here");
        Path real = path.toRealPath();
        List<Path> open;
        try (Stream<Path> links = Files.list(fds)) {
            open = links.filter(link -> {
                try {
                    return Files.readSymbolicLink(link).equals(real);
                } catch (IOException e) {
                    return false; // a descriptor closed while listing
                }
            }).toList();
        }
        assertThat(open).hasSize(1);
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo").resolve(open.get(0).getFileName()))) {
            if (line.startsWith("flags:")) {
                return Long.parseLong(line.substring("flags:".length()).trim(), 8);
            }
        }
        throw new AssertionError("no flags in fdinfo");
    }

    /** O_DIRECT's value, which differs between architectures. */
    private static long oDirect() {
        String arch = System.getProperty("os.arch");
        assumeTrue(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"), "O_DIRECT of " + arch);
        return arch.equals("aarch64") ? 0200000 : 040000;
    }
}
