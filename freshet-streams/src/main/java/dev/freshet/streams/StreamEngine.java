package dev.freshet.streams;

import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.DeleteStreamRequest;
import dev.freshet.api.DescribeStreamRequest;
import dev.freshet.api.DescribeStreamResponse;
import dev.freshet.api.DescribeStreamSummaryRequest;
import dev.freshet.api.DescribeStreamSummaryResponse;
import dev.freshet.api.Empty;
import dev.freshet.api.GetRecordsRequest;
import dev.freshet.api.GetRecordsResponse;
import dev.freshet.api.GetShardIteratorRequest;
import dev.freshet.api.GetShardIteratorResponse;
import dev.freshet.api.ListShardsRequest;
import dev.freshet.api.ListShardsResponse;
import dev.freshet.api.ListStreamsRequest;
import dev.freshet.api.ListStreamsResponse;
import dev.freshet.api.PutRecordRequest;
import dev.freshet.api.PutRecordResponse;
import dev.freshet.api.PutRecordsRequest;
import dev.freshet.api.PutRecordsResponse;
import dev.freshet.api.RequestContext;
import dev.freshet.api.errors.InternalFailureException;
import dev.freshet.storage.ShardLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The Kinesis data and control plane over embedded storage: the one entry point the server calls.
 * Each method is one API operation; requests arrive already validated against the service model,
 * and every failure a client should see is a {@link dev.freshet.api.errors.KinesisException}.
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 */
public final class StreamEngine implements AutoCloseable {

    private static final Logger LOG = System.getLogger(StreamEngine.class.getName());

    private final EngineConfig config;
    private final DataDirectory storage;
    private final StreamRegistry registry;
    private final Administration administration;
    private final ShardListing shardListing;
    private final RecordWriter writer;
    private final RecordReader reader;
    private final ScheduledExecutorService maintenance;
    private boolean closed;

    private StreamEngine(EngineConfig config, DataDirectory storage) throws IOException {
        this.config = config;
        this.storage = storage;
        this.registry = new StreamRegistry(storage.metadata(), storage.logs(),
                new Lifecycle(config.createStreamDelay(), config.deleteStreamDelay()), config.clock());
        TokenSealer sealer = new TokenSealer(storage.tokenKey());
        Pagination pagination = new Pagination(sealer, config.clock());
        this.administration = new Administration(registry, config.clock(), pagination, config.shardLimit());
        this.shardListing = new ShardListing(registry, config.clock(), pagination);
        this.writer = new RecordWriter(registry, config.clock());
        this.reader = new RecordReader(registry, config.clock(), new ShardIterators(sealer));
        this.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "freshet-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        long period = config.maintenanceInterval().toMillis();
        maintenance.scheduleWithFixedDelay(this::maintainLogged, period, period, TimeUnit.MILLISECONDS);
    }

    /** Opens the engine on {@code config.dataDir()}, or in memory when it is {@code null}. */
    public static StreamEngine open(EngineConfig config) throws IOException {
        DataDirectory storage = DataDirectory.open(config);
        try {
            return new StreamEngine(config, storage);
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    public Empty createStream(RequestContext context, CreateStreamRequest request) {
        return io(() -> administration.createStream(context, request));
    }

    public Empty deleteStream(RequestContext context, DeleteStreamRequest request) {
        return io(() -> administration.deleteStream(context, request));
    }

    public DescribeStreamResponse describeStream(RequestContext context, DescribeStreamRequest request) {
        return administration.describeStream(context, request);
    }

    public DescribeStreamSummaryResponse describeStreamSummary(
            RequestContext context, DescribeStreamSummaryRequest request) {
        return administration.describeStreamSummary(context, request);
    }

    public ListStreamsResponse listStreams(RequestContext context, ListStreamsRequest request) {
        return administration.listStreams(context, request);
    }

    public ListShardsResponse listShards(RequestContext context, ListShardsRequest request) {
        return shardListing.listShards(context, request);
    }

    /** Completes once the record is as durable as the fsync policy demands. */
    public CompletableFuture<PutRecordResponse> putRecord(RequestContext context, PutRecordRequest request) {
        return io(() -> writer.putRecord(context, request));
    }

    /** Completes once every record is as durable as the fsync policy demands. */
    public CompletableFuture<PutRecordsResponse> putRecords(RequestContext context, PutRecordsRequest request) {
        return io(() -> writer.putRecords(context, request));
    }

    public GetShardIteratorResponse getShardIterator(RequestContext context, GetShardIteratorRequest request) {
        return io(() -> reader.getShardIterator(context, request));
    }

    public GetRecordsResponse getRecords(RequestContext context, GetRecordsRequest request) {
        return io(() -> reader.getRecords(context, request));
    }

    /**
     * Purges streams whose deletion delay has passed and deletes log segments wholly past retention.
     * Runs on its own every {@link EngineConfig#maintenanceInterval()}; public so tests driving an
     * injected clock can run it at the moment they choose.
     *
     * <p>Only logs already open are trimmed: opening every shard's log here would hold a file
     * descriptor per shard for good. Reads never return expired records either way.
     */
    public void runMaintenance() throws IOException {
        registry.purgeGone();
        long now = config.clock().millis();
        for (Stream stream : registry.all()) {
            long cutoff = stream.metadata().retentionCutoff(now);
            for (ShardLog log : stream.openLogs()) {
                deleteBefore(log, cutoff);
            }
        }
    }

    private static void deleteBefore(ShardLog log, long cutoff) throws IOException {
        try {
            log.deleteBefore(cutoff);
        } catch (IllegalStateException closedByAConcurrentPurge) {
            LOG.log(Level.DEBUG, "skipped retention of a log closed meanwhile", closedByAConcurrentPurge);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // Not shutdownNow(): interrupting a thread inside storage I/O closes the log's shared channel.
        maintenance.shutdown();
        try {
            maintenance.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storage.close();
    }

    private void maintainLogged() {
        try {
            runMaintenance();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "maintenance failed; it runs again next period", e);
        }
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    private static <T> T io(IoAction<T> action) {
        try {
            return action.run();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.ERROR, "storage failure", e);
            throw new InternalFailureException(null);
        }
    }
}
