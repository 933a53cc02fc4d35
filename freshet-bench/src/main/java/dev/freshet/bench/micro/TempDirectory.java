package dev.freshet.bench.micro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory for one benchmark trial's logs, under {@code -Dfreshet.bench.dir} (default: the JVM's temp
 * directory, so a disk-backed one gives disk-backed figures), deleted with everything in it afterwards.
 *
 * <p>Not thread-safe: created and deleted by a benchmark's setup and teardown.
 */
final class TempDirectory {

    private TempDirectory() {}

    static Path create(String prefix) throws IOException {
        Path parent = Path.of(System.getProperty("freshet.bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, prefix);
    }

    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
