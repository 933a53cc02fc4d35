package dev.freshet.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
