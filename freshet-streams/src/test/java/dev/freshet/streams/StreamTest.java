package dev.freshet.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.StreamMode;
import dev.freshet.api.errors.ResourceNotFoundException;
import dev.freshet.storage.LogStorage;
import dev.freshet.storage.ShardLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stream's shard logs: opened on first use, side by side for different shards, never after a purge. */
class StreamTest {

    /** Bounds the wait for the other opener; the monitor this replaced held it up until the wait failed. */
    private static final long BARRIER_SECONDS = 20;

    @Test
    void logsOfTwoShardsOpenSideBySideAndEachOpensOnce() throws Exception {
        // Each open waits until the other shard's open has begun too: one at a time, neither would finish.
        CyclicBarrier bothOpening = new CyclicBarrier(2);
        Stream stream = new Stream(metadata(2), new GatedStorage(LogStorage.inMemory(), bothOpening));

        CompletableFuture<ShardLog> first = CompletableFuture.supplyAsync(() -> stream.log(shard(stream, 0)));
        CompletableFuture<ShardLog> second = CompletableFuture.supplyAsync(() -> stream.log(shard(stream, 1)));

        ShardLog log0 = first.get(2 * BARRIER_SECONDS, TimeUnit.SECONDS);
        ShardLog log1 = second.get(2 * BARRIER_SECONDS, TimeUnit.SECONDS);
        assertThat(log0).isNotSameAs(log1);
        assertThat(stream.log(shard(stream, 0))).isSameAs(log0);
        assertThat(stream.log(shard(stream, 1))).isSameAs(log1);
        assertThat(stream.openLogs()).containsExactlyInAnyOrder(log0, log1);
    }

    @Test
    void noLogOpensOnceTheStreamIsPurged() {
        Stream stream = new Stream(metadata(1), LogStorage.inMemory());
        stream.markPurged();

        assertThatThrownBy(() -> stream.log(shard(stream, 0))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(stream.openLogs()).isEmpty();
    }

    private static ShardMetadata shard(Stream stream, int index) {
        return stream.metadata().shards().get(index);
    }

    private static StreamMetadata metadata(int shardCount) {
        List<HashKeys.Range> ranges = HashKeys.split(shardCount);
        List<ShardMetadata> shards = new ArrayList<>();
        for (int i = 0; i < shardCount; i++) {
            shards.add(new ShardMetadata(i, null, null, ranges.get(i).start(), ranges.get(i).end(), 0, null, null));
        }
        return StreamMetadata.created("aaaaaaaaaaaaaaaaaaaa-aaa", "123456789012", "us-east-1", "s", 0, 24,
                StreamMode.PROVISIONED, shards, StreamSettings.defaults());
    }

    /** A storage whose opens each wait at a barrier before opening. Thread-safe as the storage it wraps. */
    private static final class GatedStorage extends ForwardingLogStorage {
        private final CyclicBarrier gate;

        GatedStorage(LogStorage storage, CyclicBarrier gate) {
            super(storage);
            this.gate = gate;
        }

        @Override
        public ShardLog open(String name) throws IOException {
            try {
                gate.await(BARRIER_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("the other shard's log never began to open", e);
            }
            return super.open(name);
        }
    }
}
