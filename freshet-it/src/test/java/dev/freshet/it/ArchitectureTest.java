package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The direction of dependencies between Freshet's parts, read from the imports of the main code:
 * the API and the storage engine depend on nothing of ours; the protocol knows the API; the HTTP
 * transport knows nothing of Kinesis; the stream engine knows the API and storage, never the wire;
 * only the server ties everything together.
 */
class ArchitectureTest {

    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "api", Set.of("api"),
            "storage", Set.of("storage"),
            "protocol", Set.of("protocol", "api"),
            "http", Set.of("http"),
            "streams", Set.of("streams", "api", "storage"),
            "server", Set.of("server", "api", "storage", "protocol", "http", "streams"),
            // Test support starts the packaged server as a process: it may know nothing of its code.
            "testing", Set.of("testing"));
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?dev\\.freshet\\.(\\w+)",
            Pattern.MULTILINE);

    @Test
    void eachPartImportsOnlyWhatItMayDependOn() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> violations = new ArrayList<>();
        int files = 0;
        for (Map.Entry<String, Set<String>> part : ALLOWED.entrySet()) {
            Path sources = root.resolve("freshet-" + part.getKey()).resolve("src/main/java");
            assertThat(sources).isDirectory();
            try (Stream<Path> paths = Files.walk(sources)) {
                for (Path file : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files++;
                    Matcher m = IMPORT.matcher(Files.readString(file));
                    while (m.find()) {
                        if (!part.getValue().contains(m.group(1))) {
                            violations.add(root.relativize(file) + " imports dev.freshet." + m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(files).isGreaterThan(50);
        assertThat(violations).isEmpty();
    }
}
