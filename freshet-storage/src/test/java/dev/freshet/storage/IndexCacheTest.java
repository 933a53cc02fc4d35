package dev.freshet.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shared cache of sealed segments' indexes stays within its byte budget, least recently used out. */
class IndexCacheTest {

    private static final IndexEntries ONE_ENTRY = new IndexEntries(new int[1], new int[1], new long[1], 1);

    @Test
    void theLeastRecentlyUsedIndexesAreEvictedOnceOverBudget() {
        long each = ONE_ENTRY.sizeInBytes();
        IndexCache cache = new IndexCache(2 * each);
        SealedSegment a = segment(cache, 0);
        SealedSegment b = segment(cache, 1);
        SealedSegment c = segment(cache, 2);

        cache.put(a, ONE_ENTRY);
        cache.put(b, ONE_ENTRY);
        cache.get(a);
        cache.put(c, ONE_ENTRY);

        assertThat(cache.get(a)).isSameAs(ONE_ENTRY);
        assertThat(cache.get(b)).isNull();
        assertThat(cache.get(c)).isSameAs(ONE_ENTRY);
        assertThat(cache.usedBytes()).isEqualTo(2 * each);
        cache.remove(a);
        assertThat(cache.usedBytes()).isEqualTo(each);
    }

    @Test
    void anIndexLargerThanTheWholeBudgetIsStillKeptUntilTheNextOne() {
        IndexCache cache = new IndexCache(1);
        SealedSegment a = segment(cache, 0);
        SealedSegment b = segment(cache, 1);
        cache.put(a, ONE_ENTRY);
        assertThat(cache.get(a)).isSameAs(ONE_ENTRY);
        cache.put(b, ONE_ENTRY);
        assertThat(cache.get(a)).isNull();
        assertThat(cache.get(b)).isSameAs(ONE_ENTRY);
    }

    private static SealedSegment segment(IndexCache cache, long base) {
        Path dir = Path.of("unused");
        return new SealedSegment(SegmentFiles.logPath(dir, base), SegmentFiles.indexPath(dir, base), base, base + 1,
                50, 0, null, cache, 0, false, new OpenFiles(1));
    }
}
