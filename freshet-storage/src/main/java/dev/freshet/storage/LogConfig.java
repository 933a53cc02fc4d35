package dev.freshet.storage;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
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
 * @param maxOpenFiles how many segment files a storage keeps open at once, over all its logs (active
 *     segments for appending, sealed ones for reading); past it the least recently used are closed, after
 *     being forced if they hold unforced appends, and reopened when next needed. Reads and forces in
 *     progress keep their file open until they finish, so the process may briefly hold a few more. 0 (the
 *     default) means {@link #defaultMaxOpenFiles()}, read from the process's limit only when a storage
 *     opens ({@link #openFileBudget()}): the read loads {@code java.lang.management}, which a server's
 *     start-up should not wait for before it has anything else to do.
 * @param journalBytes the size at which the storage's write-ahead journal moves to a new file and checkpoints
 *     (see {@link #DEFAULT_JOURNAL_BYTES})
 */
public record LogConfig(
        FsyncPolicy fsyncPolicy, Duration fsyncInterval, long segmentBytes, int indexIntervalBytes,
        int maxOpenFiles, long journalBytes) {

    /**
     * The default size at which the journal moves to a new file: every {@link #journalBytes} of appends, a
     * checkpoint forces every log written since the last one, so the larger, the fewer forces per record (with
     * ten thousand shards written, a checkpoint forces ten thousand files), at the price of as much disk and
     * of replaying up to that much after a crash.
     */
    public static final long DEFAULT_JOURNAL_BYTES = 256L << 20;

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
        if (maxOpenFiles < 0) {
            throw new IllegalArgumentException("maxOpenFiles must be positive, or 0 for the default: " + maxOpenFiles);
        }
        if (journalBytes < 1) {
            throw new IllegalArgumentException("journalBytes must be positive: " + journalBytes);
        }
    }

    /** A configuration with the default journal file size ({@link #DEFAULT_JOURNAL_BYTES}). */
    public LogConfig(FsyncPolicy fsyncPolicy, Duration fsyncInterval, long segmentBytes, int indexIntervalBytes,
            int maxOpenFiles) {
        this(fsyncPolicy, fsyncInterval, segmentBytes, indexIntervalBytes, maxOpenFiles, DEFAULT_JOURNAL_BYTES);
    }

    /** A configuration with the default open-file budget ({@link #defaultMaxOpenFiles()}). */
    public LogConfig(FsyncPolicy fsyncPolicy, Duration fsyncInterval, long segmentBytes, int indexIntervalBytes) {
        this(fsyncPolicy, fsyncInterval, segmentBytes, indexIntervalBytes, 0, DEFAULT_JOURNAL_BYTES);
    }

    /** How many segment files a storage with this configuration keeps open at once: {@link #maxOpenFiles()} resolved. */
    public int openFileBudget() {
        return maxOpenFiles == 0 ? defaultMaxOpenFiles() : maxOpenFiles;
    }

    /**
     * {@link FsyncPolicy#ALWAYS}, a 1 s interval, 64 MiB segments, an index entry every 4 KiB, and
     * {@link #defaultMaxOpenFiles()}.
     */
    public static LogConfig defaults() {
        return new LogConfig(FsyncPolicy.ALWAYS, Duration.ofSeconds(1), 64L << 20, 4 << 10);
    }

    /**
     * The process's limit on open file descriptors ({@code ulimit -n}, which the JVM raises to the hard
     * limit on Linux) less a reserve for sockets, class path jars and short-lived files: a quarter of the
     * limit, but at least 1,024 (or half the limit, if that is less). 4,096 where the limit cannot be read.
     * For example 15,000 under a limit of 20,000, 3,072 under 4,096 and 512 under 1,024.
     */
    public static int defaultMaxOpenFiles() {
        return DefaultMaxOpenFiles.VALUE;
    }

    /** Reads the limit once, when first needed. */
    private static final class DefaultMaxOpenFiles {
        static final int VALUE = maxOpenFilesUnder(fileDescriptorLimit());
    }

    /** {@link #defaultMaxOpenFiles()} under a process limit of {@code limit} descriptors (0 or less: unknown). */
    static int maxOpenFilesUnder(long limit) {
        if (limit <= 0) {
            return 4096;
        }
        long reserve = Math.max(Math.min(1024, limit / 2), limit / 4);
        return (int) Math.max(1, Math.min(limit - reserve, Integer.MAX_VALUE));
    }

    public LogConfig withFsyncPolicy(FsyncPolicy policy) {
        return new LogConfig(policy, fsyncInterval, segmentBytes, indexIntervalBytes, maxOpenFiles, journalBytes);
    }

    public LogConfig withFsyncInterval(Duration interval) {
        return new LogConfig(fsyncPolicy, interval, segmentBytes, indexIntervalBytes, maxOpenFiles, journalBytes);
    }

    public LogConfig withSegmentBytes(long bytes) {
        return new LogConfig(fsyncPolicy, fsyncInterval, bytes, indexIntervalBytes, maxOpenFiles, journalBytes);
    }

    public LogConfig withIndexIntervalBytes(int bytes) {
        return new LogConfig(fsyncPolicy, fsyncInterval, segmentBytes, bytes, maxOpenFiles, journalBytes);
    }

    public LogConfig withMaxOpenFiles(int files) {
        return new LogConfig(fsyncPolicy, fsyncInterval, segmentBytes, indexIntervalBytes, files, journalBytes);
    }

    public LogConfig withJournalBytes(long bytes) {
        return new LogConfig(fsyncPolicy, fsyncInterval, segmentBytes, indexIntervalBytes, maxOpenFiles, bytes);
    }

    /** The open-file limit of this process, or -1 if the platform does not tell. */
    private static long fileDescriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
