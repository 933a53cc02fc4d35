package dev.freshet.storage;

import static dev.freshet.storage.TestRecords.batch;
import static dev.freshet.storage.TestRecords.offsets;
import static dev.freshet.storage.TestRecords.readAll;
import static dev.freshet.storage.TestRecords.record;
import static dev.freshet.storage.TestRecords.sized;
import static dev.freshet.storage.TestRecords.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LogStorage} backend must share; each backend runs it through a subclass.
 */
abstract class ShardLogContract {

    /** Fast and deterministic: no fsync, default segments. */
    static final LogConfig CONFIG = LogConfig.defaults().withFsyncPolicy(FsyncPolicy.NEVER);
    /** A single-record batch of {@code sized(10)} is 50 bytes, so two fit in a segment. */
    static final LogConfig TWO_BATCHES_PER_SEGMENT = CONFIG.withSegmentBytes(100).withIndexIntervalBytes(0);

    private final List<LogStorage> storages = new ArrayList<>();

    /** A new, empty storage; each call in one test may return a fresh one. */
    protected abstract LogStorage createStorage(LogConfig config) throws Exception;

    /**
     * The storage as a restart would find it: for disk, {@code storage} closed and its root opened again;
     * in memory, the same storage, whose logs outlive their handles.
     */
    protected abstract LogStorage restart(LogStorage storage, LogConfig config) throws Exception;

    protected final LogStorage storage(LogConfig config) throws Exception {
        LogStorage storage = createStorage(config);
        storages.add(storage);
        return storage;
    }

    protected final LogStorage restarted(LogStorage storage, LogConfig config) throws Exception {
        LogStorage again = restart(storage, config);
        storages.add(again);
        return again;
    }

    @AfterEach
    void closeStorages() {
        storages.forEach(LogStorage::close);
    }

    @Test
    void aNewLogIsEmptyAtOffsetZero() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        assertThat(log.startOffset()).isZero();
        assertThat(log.endOffset()).isZero();
        ReadBatch read = log.read(0, 10, 1000);
        assertThat(read.records()).isEmpty();
        assertThat(read.nextOffset()).isZero();
    }

    @Test
    void appendedRecordsAreReadBackInOrderWithDenseOffsets() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        assertThat(log.append(batch("a", "b"), 100).firstOffset()).isZero();
        assertThat(log.append(batch("c"), 101).firstOffset()).isEqualTo(2);
        assertThat(log.append(batch("d", "e", "f"), 102).firstOffset()).isEqualTo(3);

        ReadBatch read = readAll(log);
        assertThat(texts(read)).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(offsets(read)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(read.records()).extracting(StoredRecord::arrivalMillis)
                .containsExactly(100L, 100L, 101L, 102L, 102L, 102L);
        assertThat(read.records()).extracting(StoredRecord::partitionKey).containsOnly("k");
        assertThat(read.nextOffset()).isEqualTo(6);
        assertThat(log.endOffset()).isEqualTo(6);
    }

    @Test
    void partitionKeysAndBinaryDataSurviveExactly() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        log.append(List.of(new NewRecord("clé-ключ-鍵-🔑", data), new NewRecord("", new byte[0])), 5);

        List<StoredRecord> records = readAll(log).records();
        assertThat(records.get(0).partitionKey()).isEqualTo("clé-ключ-鍵-🔑");
        assertThat(records.get(0).data()).isEqualTo(data);
        assertThat(records.get(1).partitionKey()).isEmpty();
        assertThat(records.get(1).data()).isEmpty();
    }

    @Test
    void storedDataIsACopyOfWhatWasAppendedAndOfWhatWasRead() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        byte[] data = "original".getBytes(StandardCharsets.UTF_8);
        log.append(List.of(new NewRecord("k", data)), 1);
        data[0] = 'X';
        readAll(log).records().get(0).data()[1] = 'Y';

        assertThat(texts(readAll(log))).containsExactly("original");
    }

    @Test
    void readStopsAtMaxRecords() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        log.append(batch("a", "b", "c", "d"), 1);
        log.append(batch("e"), 2);

        ReadBatch first = log.read(0, 3, Long.MAX_VALUE);
        assertThat(texts(first)).containsExactly("a", "b", "c");
        assertThat(first.nextOffset()).isEqualTo(3);
        ReadBatch second = log.read(first.nextOffset(), 3, Long.MAX_VALUE);
        assertThat(texts(second)).containsExactly("d", "e");
        assertThat(second.nextOffset()).isEqualTo(5);
    }

    @Test
    void readStopsBeforeTheRecordThatWouldExceedMaxBytes() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        // each record counts key (1 byte) + data (3 bytes) = 4 bytes
        log.append(batch("aaa", "bbb", "ccc"), 1);
        log.append(batch("ddd"), 2);

        assertThat(texts(log.read(0, 100, 8))).containsExactly("aaa", "bbb");
        assertThat(texts(log.read(0, 100, 11))).containsExactly("aaa", "bbb");
        assertThat(texts(log.read(0, 100, 12))).containsExactly("aaa", "bbb", "ccc");
        assertThat(log.read(1, 100, 12).nextOffset()).isEqualTo(4);
    }

    @Test
    void partitionKeyBytesCountInUtf8TowardsMaxBytes() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        // "é" is 2 bytes in UTF-8: each record counts 2 + 1 = 3 bytes
        log.append(List.of(record("é", "x"), record("é", "y"), record("é", "z")), 1);

        assertThat(texts(log.read(0, 100, 6))).containsExactly("x", "y");
        assertThat(texts(log.read(0, 100, 5))).containsExactly("x");
    }

    @Test
    void theFirstRecordIsReturnedWholeEvenIfLargerThanMaxBytes() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        log.append(sized(1000), 1);
        log.append(sized(1), 2);

        ReadBatch read = log.read(0, 100, 10);
        assertThat(read.records()).hasSize(1);
        assertThat(read.records().get(0).data()).hasSize(1000);
        assertThat(read.nextOffset()).isEqualTo(1);
        assertThat(log.read(0, 100, 0).records()).hasSize(1);
    }

    @Test
    void readMayStartInTheMiddleOfABatch() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        log.append(batch("a", "b", "c"), 1);
        log.append(batch("d", "e"), 2);

        ReadBatch read = log.read(1, 3, Long.MAX_VALUE);
        assertThat(texts(read)).containsExactly("b", "c", "d");
        assertThat(offsets(read)).containsExactly(1L, 2L, 3L);
        assertThat(texts(log.read(4, 10, Long.MAX_VALUE))).containsExactly("e");
    }

    @Test
    void readAtOrPastTheEndReturnsNothingAndResumesWhereAsked() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        log.append(batch("a", "b"), 1);

        ReadBatch atEnd = log.read(2, 10, 1000);
        assertThat(atEnd.records()).isEmpty();
        assertThat(atEnd.nextOffset()).isEqualTo(2);
        assertThat(log.read(7, 10, 1000).records()).isEmpty();
    }

    @Test
    void invalidReadLimitsAreRejected() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        assertThatThrownBy(() -> log.read(0, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.read(0, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyOrInvalidBatchIsRejectedAndChangesNothing() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        log.append(batch("a"), 1);
        assertThatThrownBy(() -> log.append(List.of(), 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.append(List.of(new NewRecord("k", null)), 2))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> log.append(List.of(new NewRecord("x".repeat(70_000), new byte[1])), 2))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(log.endOffset()).isEqualTo(1);
        assertThat(log.append(batch("b"), 3).firstOffset()).isEqualTo(1);
    }

    @Test
    void arrivalTimesThatGoBackAreClampedToThePreviousOne() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        log.append(batch("a"), 100);
        log.append(batch("b"), 90);
        log.append(batch("c"), 120);

        assertThat(readAll(log).records()).extracting(StoredRecord::arrivalMillis).containsExactly(100L, 100L, 120L);
    }

    @Test
    void offsetAtOrAfterFindsTheFirstRecordArrivedAtOrAfterATime() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        log.append(batch("a", "b"), 100);
        log.append(batch("c"), 200);
        log.append(batch("d"), 200);
        log.append(batch("e"), 300);

        assertThat(log.offsetAtOrAfter(Long.MIN_VALUE)).isZero();
        assertThat(log.offsetAtOrAfter(50)).isZero();
        assertThat(log.offsetAtOrAfter(100)).isZero();
        assertThat(log.offsetAtOrAfter(101)).isEqualTo(2);
        assertThat(log.offsetAtOrAfter(200)).isEqualTo(2);
        assertThat(log.offsetAtOrAfter(250)).isEqualTo(4);
        assertThat(log.offsetAtOrAfter(300)).isEqualTo(4);
        assertThat(log.offsetAtOrAfter(301)).isEqualTo(5);
        assertThat(log.offsetAtOrAfter(Long.MAX_VALUE)).isEqualTo(5);
    }

    @Test
    void offsetAtOrAfterOnAnEmptyLogIsTheEndOffset() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        assertThat(log.offsetAtOrAfter(0)).isZero();
        assertThat(log.offsetAtOrAfter(Long.MIN_VALUE)).isZero();
    }

    @Test
    void offsetAtOrAfterWorksAcrossSegments() throws Exception {
        ShardLog log = storage(TWO_BATCHES_PER_SEGMENT).open("s/shard-0");
        for (int i = 0; i < 9; i++) {
            log.append(sized(10), 10L * i);
        }
        for (int i = 0; i < 9; i++) {
            assertThat(log.offsetAtOrAfter(10L * i)).as("at %d", 10 * i).isEqualTo(i);
            assertThat(log.offsetAtOrAfter(10L * i - 5)).as("before %d", 10 * i).isEqualTo(i);
        }
        assertThat(log.offsetAtOrAfter(81)).isEqualTo(9);
    }

    @Test
    void recordsAreReadAcrossSegmentBoundaries() throws Exception {
        ShardLog log = storage(TWO_BATCHES_PER_SEGMENT).open("s/shard-0");
        for (int i = 0; i < 7; i++) {
            log.append(sized(10), i);
        }
        assertThat(offsets(readAll(log))).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(offsets(log.read(1, 4, Long.MAX_VALUE))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(offsets(log.read(3, 100, 22))).containsExactly(3L, 4L);
    }

    @Test
    void deleteBeforeDropsWholeSealedSegmentsOlderThanTheCutoff() throws Exception {
        ShardLog log = storage(TWO_BATCHES_PER_SEGMENT).open("s/shard-0");
        for (int i = 1; i <= 5; i++) {
            log.append(sized(10), 10L * i); // segments: [0,1] at 10,20; [2,3] at 30,40; [4] at 50
        }

        log.deleteBefore(25);
        assertThat(log.startOffset()).isEqualTo(2);
        log.deleteBefore(40); // 40 is not before 40: the segment stays
        assertThat(log.startOffset()).isEqualTo(2);
        log.deleteBefore(41);
        assertThat(log.startOffset()).isEqualTo(4);
        assertThat(log.endOffset()).isEqualTo(5);
        assertThat(offsets(readAll(log))).containsExactly(4L);
    }

    @Test
    void deleteBeforeKeepsTheActiveSegmentAndNeverReusesOffsets() throws Exception {
        ShardLog log = storage(TWO_BATCHES_PER_SEGMENT).open("s/shard-0");
        for (int i = 1; i <= 5; i++) {
            log.append(sized(10), i);
        }
        log.deleteBefore(Long.MAX_VALUE);
        assertThat(log.startOffset()).isEqualTo(4);
        assertThat(log.endOffset()).isEqualTo(5);

        assertThat(log.append(sized(10), 6).firstOffset()).isEqualTo(5);
        assertThat(log.append(sized(10), 7).firstOffset()).isEqualTo(6);
        log.deleteBefore(Long.MAX_VALUE);
        assertThat(log.startOffset()).isEqualTo(6);
        assertThat(offsets(readAll(log))).containsExactly(6L);
    }

    @Test
    void readingBelowTheStartOffsetStartsAtTheStartOffset() throws Exception {
        ShardLog log = storage(TWO_BATCHES_PER_SEGMENT).open("s/shard-0");
        for (int i = 1; i <= 5; i++) {
            log.append(sized(10), i);
        }
        log.deleteBefore(3);

        ReadBatch read = log.read(0, 1, Long.MAX_VALUE);
        assertThat(offsets(read)).containsExactly(2L);
        assertThat(read.nextOffset()).isEqualTo(3);
        log.deleteBefore(Long.MAX_VALUE);
        assertThat(log.read(-5, 10, Long.MAX_VALUE).nextOffset()).isEqualTo(5);
        assertThat(log.offsetAtOrAfter(0)).isEqualTo(4);
    }

    @Test
    void sizeInBytesGrowsWithAppendsAndShrinksWithDeletion() throws Exception {
        ShardLog log = storage(TWO_BATCHES_PER_SEGMENT).open("s/shard-0");
        long empty = log.sizeInBytes();
        for (int i = 1; i <= 5; i++) {
            log.append(sized(10), i);
        }
        long full = log.sizeInBytes();
        assertThat(full).isGreaterThanOrEqualTo(empty + 5 * 50);
        log.deleteBefore(Long.MAX_VALUE);
        assertThat(log.sizeInBytes()).isLessThan(full).isGreaterThanOrEqualTo(50);
    }

    @Test
    void aReopenedLogKeepsEveryRecordAndContinuesItsOffsets() throws Exception {
        LogStorage storage = storage(TWO_BATCHES_PER_SEGMENT);
        ShardLog log = storage.open("s/shard-0");
        for (int i = 1; i <= 5; i++) {
            log.append(List.of(record("k" + i, "v" + i)), 10L * i);
        }
        log.deleteBefore(25);
        log.close();

        ShardLog again = restarted(storage, TWO_BATCHES_PER_SEGMENT).open("s/shard-0");
        assertThat(again.startOffset()).isEqualTo(2);
        assertThat(again.endOffset()).isEqualTo(5);
        assertThat(texts(readAll(again))).containsExactly("v3", "v4", "v5");
        assertThat(again.offsetAtOrAfter(41)).isEqualTo(4);
        assertThat(again.append(batch("v6"), 1).firstOffset()).isEqualTo(5);
        assertThat(readAll(again).records().get(3).arrivalMillis()).isEqualTo(50);
    }

    @Test
    void openReturnsTheSameLogWhileItIsOpen() throws Exception {
        LogStorage storage = storage(CONFIG);
        ShardLog log = storage.open("s/shard-0");
        assertThat(storage.open("s/shard-0")).isSameAs(log);
        log.append(batch("a"), 1);
        log.close();

        ShardLog reopened = storage.open("s/shard-0");
        assertThat(reopened).isNotSameAs(log);
        assertThat(texts(readAll(reopened))).containsExactly("a");
    }

    @Test
    void closingALogIsIdempotentAndLaterUseFails() throws Exception {
        ShardLog log = storage(CONFIG).open("s/shard-0");
        log.append(batch("a"), 1);
        log.close();
        log.close();

        assertThatThrownBy(() -> log.append(batch("b"), 2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> log.read(0, 1, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> log.offsetAtOrAfter(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> log.deleteBefore(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingTheStorageClosesItsLogsAndIsIdempotent() throws Exception {
        LogStorage storage = storage(CONFIG);
        ShardLog log = storage.open("s/shard-0");
        storage.close();
        storage.close();

        assertThatThrownBy(() -> log.append(batch("a"), 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> storage.open("s/shard-0")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void listNamesTheLogsOfOneGroup() throws Exception {
        LogStorage storage = storage(CONFIG);
        storage.open("g1/shard-0");
        storage.open("g1/shard-1").append(batch("a"), 1);
        storage.open("g2/shard-0");

        assertThat(storage.list("g1")).containsExactlyInAnyOrder("g1/shard-0", "g1/shard-1");
        assertThat(storage.list("g2")).containsExactly("g2/shard-0");
        assertThat(storage.list("g3")).isEmpty();
    }

    @Test
    void deleteGroupClosesAndRemovesOnlyThatGroupsLogs() throws Exception {
        LogStorage storage = storage(CONFIG);
        ShardLog doomed = storage.open("g1/shard-0");
        doomed.append(batch("a"), 1);
        storage.open("g1/shard-1");
        ShardLog kept = storage.open("g2/shard-0");
        kept.append(batch("b"), 1);

        storage.deleteGroup("g1");

        assertThat(storage.list("g1")).isEmpty();
        assertThat(storage.list("g2")).containsExactly("g2/shard-0");
        assertThatThrownBy(() -> doomed.append(batch("c"), 2)).isInstanceOf(IllegalStateException.class);
        assertThat(storage.open("g1/shard-0").endOffset()).isZero();
        assertThat(texts(readAll(kept))).containsExactly("b");
        storage.deleteGroup("nothing-here");
    }

    @Test
    void deleteClosesAndRemovesOneLogAndItsNameStartsAfreshAtOffsetZero() throws Exception {
        LogStorage storage = storage(CONFIG);
        ShardLog doomed = storage.open("g1/shard-0");
        doomed.append(batch("a", "b"), 1);
        ShardLog sibling = storage.open("g1/shard-1");
        sibling.append(batch("c"), 1);

        storage.delete("g1/shard-0");

        assertThat(storage.list("g1")).containsExactly("g1/shard-1");
        assertThatThrownBy(() -> doomed.append(batch("d"), 2)).isInstanceOf(IllegalStateException.class);
        assertThat(texts(readAll(sibling))).containsExactly("c");
        assertThat(storage.open("g1/shard-0").endOffset()).isZero();
        storage.delete("g1/never-opened");
        assertThatThrownBy(() -> storage.delete("g1/../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidNamesAreRejected() throws Exception {
        LogStorage storage = storage(CONFIG);
        for (String name : List.of("", "/a", "a/", "a//b", "..", "a/../b", "a/./b", "a b", "a\\b", "ä")) {
            assertThatThrownBy(() -> storage.open(name)).as(name).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> storage.list("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.deleteGroup("..")).isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.open("A-z_0.9@x/shardId-000000000000").endOffset()).isZero();
    }

    @Test
    void concurrentAppendersGetUniqueDenseOffsetsAndReadersNeverSeeTornBatches() throws Exception {
        ShardLog log = storage(CONFIG.withSegmentBytes(4096).withIndexIntervalBytes(256)).open("s/shard-0");
        int writers = 4;
        int appendsPerWriter = 150;
        Map<Long, String> firstOffsets = new ConcurrentHashMap<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (int seq = 0; seq < appendsPerWriter; seq++) {
                        int size = 1 + (writer + seq) % 5;
                        List<NewRecord> records = new ArrayList<>();
                        for (int i = 0; i < size; i++) {
                            records.add(new NewRecord("w" + writer, stamp(writer, seq, i, size)));
                        }
                        long first = log.append(records, seq).firstOffset();
                        firstOffsets.put(first, writer + "/" + seq);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    long next = 0;
                    boolean more = true;
                    while (more) {
                        more = writing.get();
                        ReadBatch read = log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE);
                        checkWholeBatches(read, next);
                        next = read.nextOffset();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads.subList(0, writers)) {
            t.join();
        }
        writing.set(false);
        for (Thread t : threads) {
            t.join();
        }

        assertThat(failures).isEmpty();
        ReadBatch all = readAll(log);
        assertThat(offsets(all)).hasSize((int) log.endOffset());
        for (int i = 0; i < all.records().size(); i++) {
            assertThat(all.records().get(i).offset()).isEqualTo(i);
        }
        assertThat(firstOffsets).hasSize(writers * appendsPerWriter);
        checkWholeBatches(all, 0);
        for (StoredRecord record : all.records()) {
            ByteBuffer data = ByteBuffer.wrap(record.data());
            if (data.getInt(8) == 0) {
                assertThat(firstOffsets.get(record.offset()))
                        .isEqualTo(data.getInt(0) + "/" + data.getInt(4));
            }
        }
        // each writer's batches appear in the order it appended them
        Map<Integer, Integer> lastSeq = new ConcurrentHashMap<>();
        for (StoredRecord record : all.records()) {
            ByteBuffer data = ByteBuffer.wrap(record.data());
            Integer previous = lastSeq.put(data.getInt(0), data.getInt(4));
            assertThat(previous == null || previous <= data.getInt(4)).isTrue();
        }
    }

    @Test
    void readsRacingRetentionNeverFailAndNeverGoBelowTheStart() throws Exception {
        ShardLog log = storage(CONFIG.withSegmentBytes(256).withIndexIntervalBytes(64)).open("s/shard-0");
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            try {
                while (running.get()) {
                    long start = log.startOffset();
                    ReadBatch read = log.read(0, 50, Long.MAX_VALUE);
                    if (!read.records().isEmpty()) {
                        assertThat(read.records().get(0).offset()).isGreaterThanOrEqualTo(start);
                        List<Long> offsets = offsets(read);
                        for (int i = 1; i < offsets.size(); i++) {
                            assertThat(offsets.get(i)).isEqualTo(offsets.get(i - 1) + 1);
                        }
                    }
                    log.offsetAtOrAfter(start);
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        reader.start();
        for (int i = 0; i < 600; i++) {
            log.append(sized(20), i);
            if (i % 10 == 0) {
                log.deleteBefore(i - 20);
            }
        }
        running.set(false);
        reader.join();

        assertThat(failures).isEmpty();
        assertThat(log.startOffset()).isGreaterThan(500);
        assertThat(readAll(log).records().get(0).offset()).isEqualTo(log.startOffset());
    }

    private static byte[] stamp(int writer, int seq, int index, int size) {
        return ByteBuffer.allocate(16 + index).putInt(writer).putInt(seq).putInt(index).putInt(size).array();
    }

    /** Every batch in {@code read} is complete: it starts at index 0 and ends at its size. */
    private static void checkWholeBatches(ReadBatch read, long from) {
        List<StoredRecord> records = read.records();
        long expected = from;
        int i = 0;
        while (i < records.size()) {
            ByteBuffer first = ByteBuffer.wrap(records.get(i).data());
            int size = first.getInt(12);
            assertThat(first.getInt(8)).as("batch starts at its first record").isZero();
            assertThat(i + size).as("batch is whole").isLessThanOrEqualTo(records.size());
            for (int j = 0; j < size; j++) {
                StoredRecord record = records.get(i + j);
                ByteBuffer data = ByteBuffer.wrap(record.data());
                assertThat(record.offset()).isEqualTo(expected++);
                assertThat(data.getInt(0)).isEqualTo(first.getInt(0));
                assertThat(data.getInt(4)).isEqualTo(first.getInt(4));
                assertThat(data.getInt(8)).isEqualTo(j);
                assertThat(record.data()).hasSize(16 + j);
            }
            i += size;
        }
        assertThat(read.nextOffset()).isEqualTo(expected);
    }
}
