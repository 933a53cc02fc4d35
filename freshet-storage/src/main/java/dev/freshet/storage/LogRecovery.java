package dev.freshet.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a log directory, as any crash may have left it, into the longest intact prefix of its batches.
 *
 * <p>Sealed segments (all but the last) are trusted if their index file's header is valid and matches
 * the segment's size; otherwise they are scanned and their index rewritten. The last segment is always
 * scanned, since it may end in a torn write. The first batch that is cut short, fails its CRC, or does not
 * continue the offsets ends the log: its segment is truncated there and becomes the active one, and any
 * later segment is deleted, because its offsets could no longer follow densely. Leftover temporary files
 * and index files without a segment are deleted.
 *
 * <p>Stateless and thread-safe; the caller must own the directory while it runs.
 */
final class LogRecovery {

    private static final System.Logger LOG = System.getLogger(LogRecovery.class.getName());

    private LogRecovery() {}

    /**
     * A recovered log.
     *
     * @param activeMaxTimestamp the arrival time of the active segment's last batch, or {@code Long.MIN_VALUE}
     * @param lastArrival the arrival time of the log's last batch, or {@code Long.MIN_VALUE}
     */
    record Recovered(List<SealedSegment> sealed, ActiveSegment active, long endOffset, long activeMaxTimestamp,
            long lastArrival) {}

    /** @param files the storage's budget of open segment files, which the recovered segments use */
    static Recovered recover(Path dir, LogConfig config, IndexCache cache, OpenFiles files) throws IOException {
        boolean force = config.fsyncPolicy() != FsyncPolicy.NEVER;
        int interval = config.indexIntervalBytes();
        SegmentFiles.deleteTempFiles(dir);
        List<Long> bases = SegmentFiles.segmentBases(dir);
        boolean changed = deleteOrphanIndexes(dir, bases);
        List<SealedSegment> sealed = new ArrayList<>();
        long expected = bases.isEmpty() ? 0 : bases.get(0);
        long lastArrival = Long.MIN_VALUE;
        Recovered recovered = null;
        for (int i = 0; i < bases.size() && recovered == null; i++) {
            long base = bases.get(i);
            if (base != expected) {
                LOG.log(System.Logger.Level.WARNING, "{0}: segment {1} does not follow offset {2}; dropping it and"
                        + " every later segment", dir, base, expected);
                deleteSegments(dir, bases.subList(i, bases.size()));
                changed = true;
                break;
            }
            Path logPath = SegmentFiles.logPath(dir, base);
            Path indexPath = SegmentFiles.indexPath(dir, base);
            long size = Files.size(logPath);
            boolean last = i == bases.size() - 1;
            if (!last) {
                IndexFile.Header header = IndexFile.readHeader(indexPath, base, size);
                if (header != null) {
                    sealed.add(new SealedSegment(logPath, indexPath, base, header.nextOffset(), size,
                            header.maxTimestamp(), header, cache, interval, force, files));
                    expected = header.nextOffset();
                    lastArrival = header.maxTimestamp();
                    continue;
                }
            }
            SegmentScan scan;
            try (FileChannel channel = FileChannel.open(logPath, StandardOpenOption.READ)) {
                scan = SegmentScan.of(channel, base, size, lastArrival, interval);
            }
            if (!last && scan.intact() && scan.nextOffset() > base) {
                sealed.add(SealedSegment.afterScan(logPath, indexPath, base, size, scan, cache, interval, force,
                        files));
                expected = scan.nextOffset();
                lastArrival = scan.maxTimestamp();
                continue;
            }
            if (!scan.intact()) {
                LOG.log(System.Logger.Level.WARNING, "{0}: truncating at byte {1} of {2} ({3})", logPath,
                        scan.validBytes(), size, scan.problem());
            }
            if (!last) {
                LOG.log(System.Logger.Level.WARNING, "{0}: dropping the segments after {1}", dir, base);
                deleteSegments(dir, bases.subList(i + 1, bases.size()));
            }
            // the active segment's index lives in memory; a stale file would only mislead a later open
            boolean deletedIndex = Files.deleteIfExists(indexPath);
            changed |= deletedIndex || !last;
            ActiveSegment active = ActiveSegment.resume(logPath, base, scan, files, force);
            long activeMax = scan.maxTimestamp();
            recovered = new Recovered(List.copyOf(sealed), active, scan.nextOffset(), activeMax,
                    Math.max(lastArrival, activeMax));
        }
        if (recovered == null) {
            // no segment at all, or the survivors all sealed: start a new active segment where they end
            ActiveSegment active = ActiveSegment.create(SegmentFiles.logPath(dir, expected), expected, interval, files,
                    force);
            changed = true;
            recovered = new Recovered(List.copyOf(sealed), active, expected, Long.MIN_VALUE, lastArrival);
        }
        if (changed && force) {
            SegmentFiles.syncDirectory(dir);
        }
        return recovered;
    }

    private static boolean deleteOrphanIndexes(Path dir, List<Long> segmentBases) throws IOException {
        Set<Long> segments = new HashSet<>(segmentBases);
        boolean deleted = false;
        for (long base : SegmentFiles.indexBases(dir)) {
            if (!segments.contains(base)) {
                deleted |= Files.deleteIfExists(SegmentFiles.indexPath(dir, base));
            }
        }
        return deleted;
    }

    private static void deleteSegments(Path dir, List<Long> bases) throws IOException {
        for (long base : bases) {
            Files.deleteIfExists(SegmentFiles.logPath(dir, base));
            Files.deleteIfExists(SegmentFiles.indexPath(dir, base));
        }
    }
}
