package dev.freshet.storage;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the {@link Journal} keeps its files: the directory {@value #DIRECTORY} under the storage's root (a name
 * no log can have, since log names cannot contain {@code ~}), holding files named {@code %020d.wal} after
 * their number, which increases by one with each file and never repeats within one storage.
 *
 * <p>Stateless and thread-safe.
 */
final class JournalFiles {

    static final String DIRECTORY = "~journal";

    private static final System.Logger LOG = System.getLogger(JournalFiles.class.getName());
    /** The block sizes written in whole blocks; outside them the journal writes as a buffered file does. */
    private static final int MIN_BLOCK_SIZE = 512;
    private static final int MAX_BLOCK_SIZE = 64 << 10;

    private static final Pattern JOURNAL_FILE = Pattern.compile("(\\d{20})\\.wal");

    private JournalFiles() {}

    static Path path(Path dir, long number) {
        return dir.resolve(String.format("%020d.wal", number));
    }

    /** The numbers of the journal files in {@code dir}, ascending; none if it does not exist. */
    static List<Long> numbers(Path dir) throws IOException {
        return Files.isDirectory(dir) ? SegmentFiles.numbered(dir, JOURNAL_FILE) : new ArrayList<>();
    }

    /** The paths of the journal files numbered {@code numbers} in {@code dir}. */
    static List<Path> paths(Path dir, List<Long> numbers) {
        List<Path> paths = new ArrayList<>(numbers.size());
        for (long number : numbers) {
            paths.add(path(dir, number));
        }
        return paths;
    }

    /**
     * Creates the journal file {@code path}, which must not exist yet, open for writing. With a
     * {@code directBlockSize} (else 0) it is reopened for direct I/O and its first block written with zeros
     * (which the first group overwrites), unless the file system refuses either: the file is then written
     * through the page cache, which is only slower. A refusal found at the first real write would fail the
     * journal instead.
     */
    static FileChannel create(Path path, int directBlockSize) throws IOException {
        FileChannel created = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (directBlockSize == 0) {
            return created;
        }
        FileChannel bypassing = null;
        try {
            bypassing = FileChannel.open(path, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
            ByteBuffer zeros = ByteBuffer.allocateDirect(2 * directBlockSize).alignedSlice(directBlockSize);
            zeros.limit(directBlockSize);
            while (zeros.hasRemaining()) {
                bypassing.write(zeros, zeros.position());
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.DEBUG, "no direct I/O for " + path + "; writing through the page cache", e);
            if (bypassing != null) {
                try {
                    bypassing.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            return created;
        }
        created.close();
        return bypassing;
    }

    /**
     * The block size of the file system holding {@code dir}, which direct writes must align to; 0 if it is
     * unknown or unusual (not a power of two from {@value #MIN_BLOCK_SIZE} to {@value #MAX_BLOCK_SIZE} bytes).
     */
    static int blockSize(Path dir) {
        long size;
        try {
            size = Files.getFileStore(dir).getBlockSize();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.DEBUG, "no block size for " + dir + "; the journal writes unaligned", e);
            return 0;
        }
        return size >= MIN_BLOCK_SIZE && size <= MAX_BLOCK_SIZE && Long.bitCount(size) == 1 ? (int) size : 0;
    }

    /** Creates {@code dir} if absent, durably unless the policy never forces. */
    static void createDirectory(Path dir, FsyncPolicy policy) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir);
        if (policy != FsyncPolicy.NEVER) {
            SegmentFiles.syncDirectory(dir.getParent());
        }
    }

    /** Deletes journal files whose entries are all in forced segments, then makes the deletion durable. */
    static void delete(List<Path> files, FsyncPolicy policy) throws IOException {
        if (files.isEmpty()) {
            return;
        }
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
        if (policy != FsyncPolicy.NEVER) {
            // a file brought back by a power loss would only be replayed again, but keep the directory exact
            SegmentFiles.syncDirectory(files.get(0).getParent());
        }
    }
}
