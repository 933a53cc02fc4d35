package dev.freshet.streams;

import dev.freshet.api.StreamMode;
import dev.freshet.api.StreamStatus;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * On-demand capacity: counts the bytes each shard of an ON_DEMAND stream takes in and, once per
 * window, splits every shard whose rate passed the split threshold at the middle of its hash range
 * (as AWS splits on-demand shards: evenly), or else merges one pair of adjacent cold shards while
 * the stream has more than four. Changes apply at once and the stream stays ACTIVE: writers never
 * see an error, they are simply routed to the children.
 *
 * <p>Each window's decision is first made on the published metadata, without any lock: most windows
 * change nothing, and only a stream that needs a change goes through {@link StreamRegistry#change},
 * which decides again on the metadata it serializes (and holds the stream's append write lock, so
 * its writers wait meanwhile).
 *
 * <p>Thread-safe: writers add to lock-free counters; {@link #evaluate()} runs on one thread at a time.
 */
final class OnDemandScaler {

    private record ShardKey(String streamId, int shard) {}

    private final StreamRegistry registry;
    private final Clock clock;
    private final OnDemandScaling settings;
    private final int shardLimit;
    /**
     * Bytes written per shard in the current window. A counter is dropped once a whole window passes
     * without a write (so shards that closed or streams that went are forgotten); the few bytes a
     * writer adds to a counter just dropped are not counted.
     */
    private final Map<ShardKey, LongAdder> written = new ConcurrentHashMap<>();
    private long windowStart;

    OnDemandScaler(StreamRegistry registry, Clock clock, OnDemandScaling settings, int shardLimit) {
        this.registry = registry;
        this.clock = clock;
        this.settings = settings;
        this.shardLimit = shardLimit;
        this.windowStart = clock.millis();
    }

    /** Counts {@code bytes} written to {@code shard}, if the stream is ON_DEMAND. */
    void written(Stream stream, ShardMetadata shard, long bytes) {
        if (stream.metadata().mode() == StreamMode.ON_DEMAND) {
            written.computeIfAbsent(new ShardKey(stream.id(), shard.index()), key -> new LongAdder()).add(bytes);
        }
    }

    /** Ends the current window if it is over: splits hot shards, merges cold ones, starts a new window. */
    synchronized void evaluate() throws IOException {
        long now = clock.millis();
        long elapsed = now - windowStart;
        if (elapsed < settings.window().toMillis()) {
            return;
        }
        Map<ShardKey, Long> rates = new HashMap<>();
        for (Map.Entry<ShardKey, LongAdder> entry : written.entrySet()) {
            long bytes = entry.getValue().sumThenReset();
            if (bytes == 0) {
                written.remove(entry.getKey(), entry.getValue());
            } else {
                rates.put(entry.getKey(), bytes * 1000 / elapsed);
            }
        }
        windowStart = now;
        for (Stream stream : registry.all()) {
            if (!plan(stream, stream.metadata(), rates).isEmpty()) {
                registry.change(stream, current -> rescale(stream, current, rates));
            }
        }
    }

    private StreamMetadata rescale(Stream stream, StreamMetadata current, Map<ShardKey, Long> rates) {
        List<ReshardStep> steps = plan(stream, current, rates);
        if (steps.isEmpty()) {
            return current;
        }
        ShardChanges changes = new ShardChanges(current, clock.millis(), shard -> stream.log(shard).endOffset());
        steps.forEach(changes::apply);
        return changes.applyTo(current);
    }

    /**
     * What the window's {@code rates} call for in {@code current}: a split of each hot shard (as the
     * account's shard limit allows) or else one merge of a cold adjacent pair; none unless the stream
     * is ON_DEMAND and ACTIVE with no reshard pending. Reads no log and changes nothing.
     */
    private List<ReshardStep> plan(Stream stream, StreamMetadata current, Map<ShardKey, Long> rates) {
        if (current.mode() != StreamMode.ON_DEMAND
                || StatusRules.changeStatus(registry, stream) != StreamStatus.ACTIVE) {
            return List.of();
        }
        List<ShardMetadata> open = current.openShards();
        List<ReshardStep> splits = new ArrayList<>();
        long room = -1;
        for (ShardMetadata shard : open) {
            BigInteger width = shard.endingHashKey().subtract(shard.startingHashKey());
            if (rate(rates, current, shard) > settings.splitBytesPerSecond() && width.compareTo(BigInteger.TWO) > 0) {
                if (room < 0) {
                    // Counted only when a shard is hot: it walks every stream of the account and region.
                    room = Math.max(0, shardLimit - registry.openShards(current.accountId(), current.region()));
                }
                if (splits.size() < room) {
                    BigInteger middle =
                            shard.startingHashKey().add(shard.endingHashKey()).add(BigInteger.ONE).shiftRight(1);
                    splits.add(ReshardStep.split(shard.index(), middle));
                }
            }
        }
        if (!splits.isEmpty() || open.size() <= OnDemandScaling.MINIMUM_SHARDS) {
            return splits;
        }
        for (int i = 0; i + 1 < open.size(); i++) {
            ShardMetadata lower = open.get(i);
            ShardMetadata upper = open.get(i + 1);
            if (rate(rates, current, lower) + rate(rates, current, upper) < settings.mergeBytesPerSecond()) {
                return List.of(ReshardStep.merge(lower.index(), upper.index()));
            }
        }
        return List.of();
    }

    private static long rate(Map<ShardKey, Long> rates, StreamMetadata stream, ShardMetadata shard) {
        return rates.getOrDefault(new ShardKey(stream.streamId(), shard.index()), 0L);
    }
}
