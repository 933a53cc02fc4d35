package dev.freshet.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of appends, reads, time lookups, retention and restarts, checked step by step against
 * a model written straight from the specification. Seeds are printed; rerun one with
 * {@code -Dfreshet.seed=<seed>}.
 */
class RandomOperationsPropertyTest {

    private static final String NAME = "stream/shard-0";
    private static final String[] KEY_PIECES = {"a", "b", "Z", "0", "é", "ж", "鍵", "🔑", "-"};

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"disk", "memory"})
    void randomOperationsMatchTheModel(String backend) throws Exception {
        List<Long> seeds = new ArrayList<>(List.of(1L, 2L, 3L));
        seeds.add(Long.getLong("freshet.seed", System.nanoTime()));
        for (long seed : seeds) {
            System.out.println("RandomOperationsPropertyTest " + backend + " seed " + seed);
            run(backend, seed, 400);
        }
    }

    private void run(String backend, long seed, int steps) throws Exception {
        Random random = new Random(seed);
        int[] intervals = {0, 1, 50, 500, 4096};
        LogConfig config = LogConfig.defaults().withFsyncPolicy(FsyncPolicy.NEVER)
                .withSegmentBytes(60 + random.nextInt(3000))
                .withIndexIntervalBytes(intervals[random.nextInt(intervals.length)]);
        Path root = Files.createTempDirectory(dir, backend);
        Model model = new Model(config.segmentBytes());
        LogStorage storage = open(backend, root, config);
        ShardLog log = storage.open(NAME);
        long clock = random.nextInt(1000);
        try {
            for (int step = 0; step < steps; step++) {
                String at = "seed " + seed + " (" + config + "), step " + step;
                int op = random.nextInt(100);
                if (op < 45) {
                    List<NewRecord> records = randomBatch(random);
                    clock += random.nextInt(30) - 5; // occasionally goes back, to exercise clamping
                    long expected = model.append(records, clock);
                    assertThat(log.append(records, clock).firstOffset()).as(at).isEqualTo(expected);
                } else if (op < 75) {
                    long from = model.start - 3 + random.nextInt((int) (model.end - model.start) + 6);
                    int maxRecords = 1 + random.nextInt(30);
                    long maxBytes = switch (random.nextInt(3)) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(400);
                        default -> Long.MAX_VALUE;
                    };
                    checkRead(model, log.read(from, maxRecords, maxBytes), from, maxRecords, maxBytes,
                            at + ", read(" + from + ", " + maxRecords + ", " + maxBytes + ")");
                } else if (op < 88) {
                    long time = clock + 20 - random.nextInt(1500);
                    assertThat(log.offsetAtOrAfter(time)).as(at + ", offsetAtOrAfter(" + time + ")")
                            .isEqualTo(model.offsetAtOrAfter(time));
                } else if (op < 95) {
                    long cutoff = clock - random.nextInt(1500);
                    model.deleteBefore(cutoff);
                    log.deleteBefore(cutoff);
                } else if (backend.equals("disk")) {
                    storage.close();
                    storage = open(backend, root, config);
                    log = storage.open(NAME);
                } else {
                    log.close();
                    log = storage.open(NAME);
                }
                assertThat(log.startOffset()).as(at + ", start").isEqualTo(model.start);
                assertThat(log.endOffset()).as(at + ", end").isEqualTo(model.end);
            }
            checkRead(model, log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE), 0, Integer.MAX_VALUE, Long.MAX_VALUE,
                    "seed " + seed + ", final read");
            System.out.println("  ended with " + model.segments.size() + " segments, offsets " + model.start + " to "
                    + model.end);
        } finally {
            storage.close();
        }
    }

    private static LogStorage open(String backend, Path root, LogConfig config) throws Exception {
        return backend.equals("disk") ? LogStorage.onDisk(root, config) : LogStorage.inMemory(config);
    }

    private static List<NewRecord> randomBatch(Random random) {
        List<NewRecord> records = new ArrayList<>();
        int count = 1 + random.nextInt(random.nextInt(10) == 0 ? 20 : 4);
        for (int i = 0; i < count; i++) {
            StringBuilder key = new StringBuilder();
            for (int k = random.nextInt(6); k > 0; k--) {
                key.append(KEY_PIECES[random.nextInt(KEY_PIECES.length)]);
            }
            byte[] data = new byte[random.nextInt(20) == 0 ? random.nextInt(4000) : random.nextInt(60)];
            random.nextBytes(data);
            records.add(new NewRecord(key.toString(), data));
        }
        return records;
    }

    private static void checkRead(Model model, ReadBatch actual, long from, int maxRecords, long maxBytes,
            String at) {
        ReadBatch expected = model.read(from, maxRecords, maxBytes);
        assertThat(actual.nextOffset()).as(at + ", next offset").isEqualTo(expected.nextOffset());
        assertThat(actual.records()).as(at + ", count").hasSameSizeAs(expected.records());
        for (int i = 0; i < expected.records().size(); i++) {
            StoredRecord e = expected.records().get(i);
            StoredRecord a = actual.records().get(i);
            String which = at + ", record " + i;
            assertThat(a.offset()).as(which).isEqualTo(e.offset());
            assertThat(a.arrivalMillis()).as(which).isEqualTo(e.arrivalMillis());
            assertThat(a.partitionKey()).as(which).isEqualTo(e.partitionKey());
            assertThat(Arrays.equals(a.data(), e.data())).as(which + " data").isTrue();
        }
    }

    /** The specification, executed naively. */
    private static final class Model {
        final long segmentBytes;
        final List<StoredRecord> records = new ArrayList<>();
        /** Per segment: base offset, bytes, newest arrival time. */
        final List<long[]> segments = new ArrayList<>();
        long start;
        long end;
        long lastArrival = Long.MIN_VALUE;

        Model(long segmentBytes) {
            this.segmentBytes = segmentBytes;
            segments.add(new long[] {0, 0, Long.MIN_VALUE});
        }

        long append(List<NewRecord> batch, long arrival) {
            long size = TestRecords.batchBytes(batch);
            long stamped = Math.max(arrival, lastArrival);
            long[] active = segments.get(segments.size() - 1);
            if (active[1] > 0 && active[1] + size > segmentBytes) {
                active = new long[] {end, 0, Long.MIN_VALUE};
                segments.add(active);
            }
            active[1] += size;
            active[2] = stamped;
            long first = end;
            for (NewRecord r : batch) {
                records.add(new StoredRecord(end++, stamped, r.partitionKey(), r.data().clone()));
            }
            lastArrival = stamped;
            return first;
        }

        ReadBatch read(long from, int maxRecords, long maxBytes) {
            long next = Math.max(from, start);
            List<StoredRecord> out = new ArrayList<>();
            long bytes = 0;
            while (next < end && out.size() < maxRecords) {
                StoredRecord r = records.get((int) next);
                long size = r.partitionKey().getBytes(StandardCharsets.UTF_8).length + r.data().length;
                if (!out.isEmpty() && bytes + size > maxBytes) {
                    break;
                }
                out.add(r);
                bytes += size;
                next++;
            }
            return new ReadBatch(out, next);
        }

        long offsetAtOrAfter(long time) {
            for (long o = start; o < end; o++) {
                if (records.get((int) o).arrivalMillis() >= time) {
                    return o;
                }
            }
            return end;
        }

        void deleteBefore(long cutoff) {
            while (segments.size() > 1 && segments.get(0)[2] < cutoff) {
                segments.remove(0);
            }
            start = segments.get(0)[0];
        }
    }
}
