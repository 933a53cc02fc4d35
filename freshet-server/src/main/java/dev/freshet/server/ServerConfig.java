package dev.freshet.server;

import dev.freshet.storage.FsyncPolicy;
import dev.freshet.storage.LogConfig;
import dev.freshet.streams.EngineConfig;
import dev.freshet.streams.OnDemandScaling;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a Freshet server is started with; each field is a command-line flag (see
 * {@link CommandLine}).
 *
 * @param host the address to listen on
 * @param port the port, {@code 0} for any free one
 * @param dataDir where data is kept (ignored when {@code inMemory})
 * @param inMemory keep nothing on disk
 * @param accountId the account of requests that do not name one by their access key
 * @param region the region of requests whose signature names none
 * @param createStreamDelay how long a new stream stays CREATING
 * @param deleteStreamDelay how long a deleted stream stays DELETING
 * @param updateStreamDelay how long a changed stream stays UPDATING
 * @param fsync when records are forced to disk before they are acknowledged
 * @param fsyncInterval the period of {@link FsyncPolicy#INTERVAL}
 * @param tlsCert a PEM certificate chain to offer on TLS, or {@code null} for a generated one
 * @param tlsKey the PEM private key of {@code tlsCert}
 * @param shardLimit the most open shards an account may have in one region
 * @param onDemandStreamLimit the most ON_DEMAND streams an account may have in one region
 * @param onDemand when ON_DEMAND streams split and merge their shards
 * @param maxOpenFiles the most segment files kept open at once, over all shards; 0 for a budget derived
 *     from the process's descriptor limit (see {@link LogConfig#defaultMaxOpenFiles()})
 * @param journalBytes the size at which the write-ahead journal moves to a new file, after which the segments
 *     written since are forced and the older journal files deleted: about the most disk the journal takes
 *     besides the segments, and the most a restart after a crash replays (see {@link LogConfig#journalBytes()})
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        boolean inMemory,
        String accountId,
        String region,
        Duration createStreamDelay,
        Duration deleteStreamDelay,
        Duration updateStreamDelay,
        FsyncPolicy fsync,
        Duration fsyncInterval,
        Path tlsCert,
        Path tlsKey,
        int shardLimit,
        int onDemandStreamLimit,
        OnDemandScaling onDemand,
        int maxOpenFiles,
        long journalBytes) {

    /**
     * The configuration the {@code freshet} command would run with given these flags (and no
     * {@code FRESHET_*} environment), for embedding a server the way a user starts one.
     *
     * @throws IllegalArgumentException naming the bad flag or value
     */
    public static ServerConfig fromFlags(String... flags) {
        try {
            return CommandLine.parse(flags, java.util.Map.of());
        } catch (CommandLine.UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 4567, Path.of("freshet-data"), false, "000000000000", "us-east-1",
                Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500), FsyncPolicy.ALWAYS,
                Duration.ofSeconds(1), null, null, EngineConfig.DEFAULT_SHARD_LIMIT,
                EngineConfig.DEFAULT_ON_DEMAND_STREAM_LIMIT, OnDemandScaling.defaults(), 0, LogConfig.DEFAULT_JOURNAL_BYTES);
    }
}
