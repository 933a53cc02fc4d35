package dev.freshet.streams;

import dev.freshet.storage.FsyncPolicy;
import dev.freshet.storage.LogConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link StreamEngine} runs.
 *
 * @param dataDir where streams are stored, or {@code null} to keep everything in memory
 * @param clock the source of arrival times, iterator ages, delays and retention
 * @param createStreamDelay how long a new stream stays CREATING
 * @param deleteStreamDelay how long a deleted stream stays DELETING before it is gone
 * @param updateStreamDelay how long a stream stays UPDATING after a change that takes time
 * @param storage how shard logs are kept on disk: fsync policy, segment size, open-file budget
 * @param maintenanceInterval how often retention is enforced and deleted streams are purged
 * @param shardLimit the most open shards one account may have in one region
 * @param onDemandStreamLimit the most ON_DEMAND streams one account may have in one region
 * @param onDemand when ON_DEMAND streams split and merge their shards
 */
public record EngineConfig(
        Path dataDir,
        Clock clock,
        Duration createStreamDelay,
        Duration deleteStreamDelay,
        Duration updateStreamDelay,
        LogConfig storage,
        Duration maintenanceInterval,
        int shardLimit,
        int onDemandStreamLimit,
        OnDemandScaling onDemand) {

    /** AWS's default shard quota per account and region. */
    public static final int DEFAULT_SHARD_LIMIT = 500;
    /** AWS's default quota of ON_DEMAND streams per account and region. */
    public static final int DEFAULT_ON_DEMAND_STREAM_LIMIT = 50;

    /**
     * Defaults: in memory, system clock, 500 ms delays, {@link LogConfig#defaults()} but 64 MiB
     * segments, 500 shards, 50 on-demand streams, {@link OnDemandScaling#defaults()}.
     */
    public static EngineConfig defaults() {
        return new EngineConfig(null, Clock.systemUTC(), Duration.ofMillis(500), Duration.ofMillis(500),
                Duration.ofMillis(500), LogConfig.defaults().withSegmentBytes(64L << 20), Duration.ofSeconds(10),
                DEFAULT_SHARD_LIMIT, DEFAULT_ON_DEMAND_STREAM_LIMIT, OnDemandScaling.defaults());
    }

    public EngineConfig withDataDir(Path dataDir) {
        return new EngineConfig(dataDir, clock, createStreamDelay, deleteStreamDelay, updateStreamDelay, storage,
                maintenanceInterval, shardLimit, onDemandStreamLimit, onDemand);
    }

    public EngineConfig withClock(Clock clock) {
        return new EngineConfig(dataDir, clock, createStreamDelay, deleteStreamDelay, updateStreamDelay, storage,
                maintenanceInterval, shardLimit, onDemandStreamLimit, onDemand);
    }

    public EngineConfig withDelays(Duration create, Duration delete, Duration update) {
        return new EngineConfig(dataDir, clock, create, delete, update, storage, maintenanceInterval, shardLimit,
                onDemandStreamLimit, onDemand);
    }

    public EngineConfig withFsync(FsyncPolicy fsync, Duration fsyncInterval) {
        return withStorage(storage.withFsyncPolicy(fsync).withFsyncInterval(fsyncInterval));
    }

    /** The most segment files kept open at once (see {@link LogConfig#maxOpenFiles()}). */
    public EngineConfig withMaxOpenFiles(int maxOpenFiles) {
        return withStorage(storage.withMaxOpenFiles(maxOpenFiles));
    }

    /** The size at which the write-ahead journal moves to a new file and checkpoints (see {@link LogConfig#journalBytes()}). */
    public EngineConfig withJournalBytes(long journalBytes) {
        return withStorage(storage.withJournalBytes(journalBytes));
    }

    public EngineConfig withStorage(LogConfig storage) {
        return new EngineConfig(dataDir, clock, createStreamDelay, deleteStreamDelay, updateStreamDelay, storage,
                maintenanceInterval, shardLimit, onDemandStreamLimit, onDemand);
    }

    public EngineConfig withShardLimit(int shardLimit) {
        return new EngineConfig(dataDir, clock, createStreamDelay, deleteStreamDelay, updateStreamDelay, storage,
                maintenanceInterval, shardLimit, onDemandStreamLimit, onDemand);
    }

    public EngineConfig withSegmentBytes(long segmentBytes) {
        return withStorage(storage.withSegmentBytes(segmentBytes));
    }

    public EngineConfig withOnDemand(int streamLimit, OnDemandScaling scaling) {
        return new EngineConfig(dataDir, clock, createStreamDelay, deleteStreamDelay, updateStreamDelay, storage,
                maintenanceInterval, shardLimit, streamLimit, scaling);
    }
}
