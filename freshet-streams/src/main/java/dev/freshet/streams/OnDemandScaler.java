package dev.freshet.streams;

import dev.freshet.api.StreamMode;
import dev.freshet.api.StreamStatus;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
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
 * <p>Thread-safe: writers add to lock-free counters; {@link #evaluate()} runs on one thread at a time.
 */
final class OnDemandScaler {

    private record ShardKey(String streamId, int shard) {}

    private final StreamRegistry registry;
    private final Clock clock;
    private final OnDemandScaling settings;
    private final int shardLimit;
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
        Map<ShardKey, Long> rates = new java.util.HashMap<>();
        for (Map.Entry<ShardKey, LongAdder> entry : written.entrySet()) {
            rates.put(entry.getKey(), entry.getValue().sumThenReset() * 1000 / elapsed);
        }
        written.values().removeIf(adder -> adder.sum() == 0);
        windowStart = now;
        for (Stream stream : registry.all()) {
            StreamMetadata metadata = stream.metadata();
            if (metadata.mode() == StreamMode.ON_DEMAND && metadata.pendingReshard().isEmpty()
                    && registry.status(stream) == StreamStatus.ACTIVE) {
                registry.change(stream, current -> rescale(stream, current, rates));
            }
        }
    }

    private StreamMetadata rescale(Stream stream, StreamMetadata current, Map<ShardKey, Long> rates) {
        if (current.mode() != StreamMode.ON_DEMAND || !current.pendingReshard().isEmpty()) {
            return current;
        }
        ShardChanges changes = new ShardChanges(current, clock.millis(), shard -> stream.log(shard).endOffset());
        List<ShardMetadata> open = changes.openShards();
        long room = shardLimit - registry.openShards(current.accountId(), current.region());
        boolean changed = false;
        for (ShardMetadata shard : open) {
            BigInteger width = shard.endingHashKey().subtract(shard.startingHashKey());
            if (room > 0 && rate(rates, current, shard) > settings.splitBytesPerSecond()
                    && width.compareTo(BigInteger.TWO) > 0) {
                BigInteger middle =
                        shard.startingHashKey().add(shard.endingHashKey()).add(BigInteger.ONE).shiftRight(1);
                changes.apply(ReshardStep.split(shard.index(), middle));
                room--;
                changed = true;
            }
        }
        if (!changed && open.size() > OnDemandScaling.MINIMUM_SHARDS) {
            for (int i = 0; i + 1 < open.size(); i++) {
                ShardMetadata lower = open.get(i);
                ShardMetadata upper = open.get(i + 1);
                if (rate(rates, current, lower) + rate(rates, current, upper) < settings.mergeBytesPerSecond()) {
                    changes.apply(ReshardStep.merge(lower.index(), upper.index()));
                    changed = true;
                    break;
                }
            }
        }
        return changed ? changes.applyTo(current, current.scalingsMillis()) : current;
    }

    private static long rate(Map<ShardKey, Long> rates, StreamMetadata stream, ShardMetadata shard) {
        return rates.getOrDefault(new ShardKey(stream.streamId(), shard.index()), 0L);
    }
}
