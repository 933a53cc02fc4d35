package dev.freshet.storage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The index entries of sealed segments that reads used recently, bounded by heap bytes and evicting the
 * least recently used. Shared by every log of a storage, so that memory for indexes does not grow with
 * the number of segments on disk (an index is about 1/256 of its segment at a 4 KiB interval); an evicted
 * index is loaded again from its index file.
 *
 * <p>Thread-safe; operations hold the cache's monitor only briefly and never do I/O.
 */
final class IndexCache {

    /** Enough for the indexes of about 8 GiB of segments at the default 4 KiB index interval. */
    static final long DEFAULT_BUDGET_BYTES = 32L << 20;

    private final long budgetBytes;
    private final LinkedHashMap<SealedSegment, IndexEntries> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long usedBytes;

    IndexCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    synchronized IndexEntries get(SealedSegment segment) {
        return entries.get(segment);
    }

    /** Caches {@code index} for {@code segment}, evicting others if over budget (never the newest). */
    synchronized void put(SealedSegment segment, IndexEntries index) {
        IndexEntries previous = entries.put(segment, index);
        if (previous != null) {
            usedBytes -= previous.sizeInBytes();
        }
        usedBytes += index.sizeInBytes();
        var eldest = entries.entrySet().iterator();
        while (usedBytes > budgetBytes && entries.size() > 1) {
            Map.Entry<SealedSegment, IndexEntries> victim = eldest.next();
            usedBytes -= victim.getValue().sizeInBytes();
            eldest.remove();
        }
    }

    synchronized void remove(SealedSegment segment) {
        IndexEntries removed = entries.remove(segment);
        if (removed != null) {
            usedBytes -= removed.sizeInBytes();
        }
    }

    synchronized long usedBytes() {
        return usedBytes;
    }
}
