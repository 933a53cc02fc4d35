package dev.freshet.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of a log directory and the file-system chores around them. A segment whose first record has
 * offset {@code b} is {@code %020d.log} of {@code b}; its index (written when it is sealed) is
 * {@code %020d.index}; {@code *.tmp} files are index files being written.
 *
 * <p>Stateless and thread-safe.
 */
final class SegmentFiles {

    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TEMP_SUFFIX = ".tmp";

    private static final Pattern LOG_FILE = Pattern.compile("(\\d{20})\\.log");
    private static final Pattern INDEX_FILE = Pattern.compile("(\\d{20})\\.index");

    private SegmentFiles() {}

    static Path logPath(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + LOG_SUFFIX);
    }

    static Path indexPath(Path dir, long baseOffset) {
        return dir.resolve(baseName(baseOffset) + INDEX_SUFFIX);
    }

    static boolean isLogFile(Path file) {
        return LOG_FILE.matcher(file.getFileName().toString()).matches() && Files.isRegularFile(file);
    }

    /** Base offsets of the segments in {@code dir}, ascending. */
    static List<Long> segmentBases(Path dir) throws IOException {
        return numbered(dir, LOG_FILE);
    }

    /** Base offsets of the index files in {@code dir}, ascending. */
    static List<Long> indexBases(Path dir) throws IOException {
        return numbered(dir, INDEX_FILE);
    }

    /** Deletes the leftovers of index files whose writing was interrupted. */
    static void deleteTempFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(TEMP_SUFFIX)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /**
     * Forces a directory's entries to disk, so that files created, renamed or deleted in it stay so after
     * a power loss.
     */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Deletes {@code root} and everything below it; absent files are fine. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String baseName(long baseOffset) {
        return String.format("%020d", baseOffset);
    }

    /**
     * The numbers of the regular files in {@code dir} whose names match {@code pattern}, whose first group is
     * the number; ascending. Names whose number does not fit a {@code long} are left alone.
     */
    static List<Long> numbered(Path dir, Pattern pattern) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher matcher = pattern.matcher(file.getFileName().toString());
                if (matcher.matches() && Files.isRegularFile(file)) {
                    try {
                        bases.add(Long.parseLong(matcher.group(1)));
                    } catch (NumberFormatException beyondLongRange) {
                        // not a name this engine writes: leave the file alone
                    }
                }
            }
        }
        bases.sort(null);
        return bases;
    }
}
