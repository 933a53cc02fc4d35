package dev.freshet.storage;

import static dev.freshet.storage.TestRecords.stamped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal whose disk fails: what was not written or forced is never acknowledged nor shown to readers,
 * what follows is refused, and the file keeps exactly what was written before.
 */
class JournalFailureTest {

    private static final long HANG_GUARD_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void aFailedWriteFailsItsGroupPublishesNothingAndRefusesEveryLaterAppend() throws Exception {
        AtomicInteger published = new AtomicInteger();
        FailingChannel[] created = new FailingChannel[1];
        try (Journal journal = Journal.start(dir, FsyncPolicy.ALWAYS, 1 << 20, 1, path -> { },
                path -> created[0] = new FailingChannel(path))) {
            Journal.Key key = Journal.key("s/shard-0");
            journal.append(key, stamped("kept", 0), published::incrementAndGet).durable
                    .get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(published).hasValue(1);

            created[0].failWrites = true;
            Journal.Group failed = journal.append(key, stamped("lost", 1), published::incrementAndGet);

            assertThatThrownBy(() -> failed.durable.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasRootCauseMessage("disk on fire");
            assertThat(failed.written).isCompletedExceptionally();
            assertThat(published).as("readers are never shown the failed batch").hasValue(1);
            assertThatThrownBy(() -> journal.append(key, stamped("later", 1), published::incrementAndGet))
                    .isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
            assertThatThrownBy(() -> journal.appendDeletion(Journal.KIND_LOG_DELETED, "s/shard-0"))
                    .isInstanceOf(IOException.class);
        }
        try (JournalReplay replay = JournalReplay.scan(List.of(JournalFiles.path(dir, 1)))) {
            assertThat(replay.logs().get("s/shard-0")).hasSize(1);
        }
    }

    @Test
    void aFailedFsyncFailsTheGroupsWaitingForItAndRefusesLaterAppends() throws Exception {
        FailingChannel[] created = new FailingChannel[1];
        try (Journal journal = Journal.start(dir, FsyncPolicy.ALWAYS, 1 << 20, 1, path -> { },
                path -> created[0] = new FailingChannel(path))) {
            Journal.Key key = Journal.key("s/shard-0");
            journal.append(key, stamped("forced", 0), () -> { }).durable.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);

            created[0].failForces = true;
            Journal.Group unforced = journal.append(key, stamped("unforced", 1), () -> { });

            // written, so readers may see it (as a process kill would keep it), but never acknowledged as durable
            unforced.written.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            assertThatThrownBy(() -> unforced.durable.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasRootCauseMessage("disk on fire");
            assertThatThrownBy(() -> journal.append(key, stamped("later", 2), () -> { }))
                    .isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
            assertThat(journal.requestSync()).isCompletedExceptionally();
        }
    }

    @Test
    void aShardLogRefusesEveryAppendOnceTheJournalRefusedOneAndReadersSeeOnlyWhatWasWritten() throws Exception {
        FailingChannel[] created = new FailingChannel[1];
        Path logDir = Files.createDirectories(dir.resolve("s").resolve("shard-0"));
        try (Journal journal = Journal.start(dir.resolve("~journal"), FsyncPolicy.ALWAYS, 1 << 20, 1, path -> { },
                path -> created[0] = new FailingChannel(path))) {
            FileShardLog log = FileShardLog.open("s/shard-0", logDir, LogConfig.defaults(), new IndexCache(1 << 20),
                    new OpenFiles(16), journal, closed -> { });
            try {
                log.append(List.of(record("kept")), 1).durable().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);

                created[0].failWrites = true;
                Append lost = log.append(List.of(record("lost")), 2);
                assertThatThrownBy(() -> lost.durable().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasRootCauseMessage("disk on fire");
                // The segment holds "lost" in memory: nothing may follow it, whatever the journal does next.
                assertThatThrownBy(() -> log.append(List.of(record("refused by the journal")), 3))
                        .isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
                created[0].failWrites = false;
                assertThatThrownBy(() -> log.append(List.of(record("refused by the log")), 4))
                        .isInstanceOf(IOException.class).hasMessageContaining("refuses appends");

                ReadBatch read = log.read(0, 100, 1 << 20);
                assertThat(read.records()).extracting(r -> new String(r.data(), StandardCharsets.UTF_8))
                        .containsExactly("kept");
                assertThat(log.endOffset()).isEqualTo(1);
            } finally {
                log.close();
            }
        }
    }

    private static NewRecord record(String data) {
        return new NewRecord("k", data.getBytes(StandardCharsets.UTF_8));
    }

    /** A real file whose positional writes or forces fail on demand. */
    private static final class FailingChannel extends FileChannel {
        private final FileChannel file;
        volatile boolean failWrites;
        volatile boolean failForces;

        FailingChannel(Path path) throws IOException {
            file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            if (failWrites) {
                throw new IOException("disk on fire");
            }
            return file.write(src, position);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failForces) {
                throw new IOException("disk on fire");
            }
            file.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return file.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return file.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return file.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return file.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            file.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return file.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return file.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return file.read(dst, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return file.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return file.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
