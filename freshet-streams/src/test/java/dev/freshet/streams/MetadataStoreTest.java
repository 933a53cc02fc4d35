package dev.freshet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.StreamMode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata store contract, run against both stores, and the file store's crash leftovers. */
class MetadataStoreTest {

    @TempDir
    Path dir;

    private static StreamMetadata stream(String id, String name) {
        ShardMetadata open = new ShardMetadata(0, null, null, BigInteger.ZERO, HashKeys.MAX, 1_000, null, null);
        ShardMetadata closed = new ShardMetadata(1, 0, null, BigInteger.ONE, HashKeys.MAX.shiftRight(1), 2_000,
                3_000L, 42L);
        return StreamMetadata.created(id, "123456789012", "us-east-1", name, 1_000, 24, StreamMode.PROVISIONED,
                List.of(open, closed), StreamSettings.defaults().withTags(Map.of("team", "data")));
    }

    private void contract(MetadataStore store) throws IOException {
        StreamMetadata a = stream("aaaaaaaaaaaaaaaaaaaa-aaa", "a");
        StreamMetadata b = stream("bbbbbbbbbbbbbbbbbbbb-bbb", "b");
        store.save(a);
        store.save(b);
        assertThat(store.loadAll()).containsExactlyInAnyOrder(a, b);
        StreamMetadata deleting = a.deleting(5_000);
        store.save(deleting);
        assertThat(store.loadAll()).containsExactlyInAnyOrder(deleting, b);
        store.delete(b.streamId());
        assertThat(store.loadAll()).containsExactly(deleting);
        store.close();
        store.close();
    }

    @Test
    void theMemoryStoreKeepsReplacesAndDeletesStreams() throws IOException {
        contract(new MemoryMetadataStore());
    }

    @Test
    void theFileStoreKeepsReplacesAndDeletesStreams() throws IOException {
        contract(new FileMetadataStore(dir.resolve("streams")));
    }

    @Test
    void theFileStoreSurvivesReopeningAndIgnoresAnInterruptedSave() throws IOException {
        Path streams = dir.resolve("streams");
        StreamMetadata a = stream("aaaaaaaaaaaaaaaaaaaa-aaa", "a");
        new FileMetadataStore(streams).save(a);
        Files.writeString(streams.resolve("aaaaaaaaaaaaaaaaaaaa-aaa.json.tmp"), "{\"half\": ");
        FileMetadataStore reopened = new FileMetadataStore(streams);
        assertThat(reopened.loadAll()).containsExactly(a);
        assertThat(streams.resolve("aaaaaaaaaaaaaaaaaaaa-aaa.json.tmp")).doesNotExist();
    }
}
