package dev.freshet.streams;

import java.time.Duration;

/**
 * When an ON_DEMAND stream's shards split and merge.
 *
 * @param window how long write rates are measured before each decision
 * @param splitBytesPerSecond a shard that took in more than this over a window is split in two
 * @param mergeBytesPerSecond two adjacent shards that together took in less than this are merged,
 *     one pair per window, while the stream has more than {@link #MINIMUM_SHARDS} open shards
 */
public record OnDemandScaling(Duration window, long splitBytesPerSecond, long mergeBytesPerSecond) {

    /** An on-demand stream starts with, and never merges below, this many shards. */
    public static final int MINIMUM_SHARDS = 4;

    public OnDemandScaling {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the on-demand window must be positive: " + window);
        }
        if (mergeBytesPerSecond >= splitBytesPerSecond) {
            throw new IllegalArgumentException("the merge rate must be below the split rate");
        }
    }

    /** The guide's figures: a shard above 500 KB/s splits; windows of a minute. */
    public static OnDemandScaling defaults() {
        return new OnDemandScaling(Duration.ofMinutes(1), 500L * 1024, 100L * 1024);
    }
}
