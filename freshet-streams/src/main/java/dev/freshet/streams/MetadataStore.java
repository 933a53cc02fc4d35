package dev.freshet.streams;

import java.io.IOException;
import java.util.List;

/**
 * Durable storage of stream metadata, one record per stream, each replaced atomically.
 *
 * <p>Implementations are thread-safe; callers serialize changes to one stream.
 */
interface MetadataStore extends AutoCloseable {

    List<StreamMetadata> loadAll() throws IOException;

    /** Stores {@code metadata}, replacing any earlier value for its stream id; durable on return. */
    void save(StreamMetadata metadata) throws IOException;

    void delete(String streamId) throws IOException;

    @Override
    void close();
}
