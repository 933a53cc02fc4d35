package dev.freshet.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stream metadata as one JSON document per stream: {@code <dir>/<streamId>.json}.
 *
 * <p>A save replaces the file through {@link DurableFiles}, so after a crash each stream has either
 * its old or its new metadata, never a mix. Leftover {@code .tmp} files are removed on load. The document is the
 * {@link StreamMetadata} record in JSON (hash keys as decimal numbers, times as epoch ms); unknown
 * fields are ignored, so later versions can add fields.
 *
 * <p>Thread-safe for distinct streams; saves of one stream are serialized by the caller.
 */
final class FileMetadataStore implements MetadataStore {

    private static final String SUFFIX = ".json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    FileMetadataStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        DurableFiles.forceDirectory(dir.getParent());
    }

    @Override
    public List<StreamMetadata> loadAll() throws IOException {
        List<StreamMetadata> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(SUFFIX)) {
                    all.add(JSON.readValue(file.toFile(), StreamMetadata.class));
                } else if (name.endsWith(SUFFIX + ".tmp")) {
                    Files.delete(file);
                }
            }
        }
        return all;
    }

    @Override
    public void save(StreamMetadata metadata) throws IOException {
        DurableFiles.replace(dir.resolve(metadata.streamId() + SUFFIX), JSON.writeValueAsBytes(metadata));
    }

    @Override
    public void delete(String streamId) throws IOException {
        Files.deleteIfExists(dir.resolve(streamId + SUFFIX));
        DurableFiles.forceDirectory(dir);
    }

    @Override
    public void close() {
        // files are opened per call
    }
}
