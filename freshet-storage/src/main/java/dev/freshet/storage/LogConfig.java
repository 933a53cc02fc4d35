package dev.freshet.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LogStorage} stores its logs. Immutable.
 *
 * @param fsyncPolicy when appended bytes are forced to disk
 * @param fsyncInterval how often dirty logs are forced under {@link FsyncPolicy#INTERVAL} (ignored otherwise)
 * @param segmentBytes the size at which a log rolls to a new segment file; also the granularity of
 *     {@link ShardLog#deleteBefore}. At most 1 GiB. A single batch larger than this still goes in, alone.
 * @param indexIntervalBytes how many bytes of batches may lie between two sparse index entries; a read or
 *     time lookup scans at most about this much (plus one batch) after a binary search. 0 indexes every batch.
 */
public record LogConfig(
        FsyncPolicy fsyncPolicy, Duration fsyncInterval, long segmentBytes, int indexIntervalBytes) {

    /** The largest segment size: positions inside a segment are stored as 32-bit integers. */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    public LogConfig {
        Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
        Objects.requireNonNull(fsyncInterval, "fsyncInterval");
        if (fsyncInterval.isNegative() || fsyncInterval.isZero()) {
            throw new IllegalArgumentException("fsyncInterval must be positive: " + fsyncInterval);
        }
        if (segmentBytes < 1 || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be in [1, " + MAX_SEGMENT_BYTES + "]: " + segmentBytes);
        }
        if (indexIntervalBytes < 0) {
            throw new IllegalArgumentException("indexIntervalBytes must not be negative: " + indexIntervalBytes);
        }
    }

    /** {@link FsyncPolicy#ALWAYS}, a 1 s interval, 64 MiB segments, an index entry every 4 KiB. */
    public static LogConfig defaults() {
        return new LogConfig(FsyncPolicy.ALWAYS, Duration.ofSeconds(1), 64L << 20, 4 << 10);
    }

    public LogConfig withFsyncPolicy(FsyncPolicy policy) {
        return new LogConfig(policy, fsyncInterval, segmentBytes, indexIntervalBytes);
    }

    public LogConfig withFsyncInterval(Duration interval) {
        return new LogConfig(fsyncPolicy, interval, segmentBytes, indexIntervalBytes);
    }

    public LogConfig withSegmentBytes(long bytes) {
        return new LogConfig(fsyncPolicy, fsyncInterval, bytes, indexIntervalBytes);
    }

    public LogConfig withIndexIntervalBytes(int bytes) {
        return new LogConfig(fsyncPolicy, fsyncInterval, segmentBytes, bytes);
    }
}
