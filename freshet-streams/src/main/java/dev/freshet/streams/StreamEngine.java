package dev.freshet.streams;

import dev.freshet.api.AddTagsToStreamRequest;
import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.DecreaseStreamRetentionPeriodRequest;
import dev.freshet.api.DeleteResourcePolicyRequest;
import dev.freshet.api.DeleteStreamRequest;
import dev.freshet.api.DeregisterStreamConsumerRequest;
import dev.freshet.api.DescribeAccountSettingsResponse;
import dev.freshet.api.DescribeLimitsResponse;
import dev.freshet.api.DescribeStreamConsumerRequest;
import dev.freshet.api.DescribeStreamConsumerResponse;
import dev.freshet.api.DescribeStreamRequest;
import dev.freshet.api.DescribeStreamResponse;
import dev.freshet.api.DescribeStreamSummaryRequest;
import dev.freshet.api.DescribeStreamSummaryResponse;
import dev.freshet.api.DisableEnhancedMonitoringRequest;
import dev.freshet.api.Empty;
import dev.freshet.api.EnableEnhancedMonitoringRequest;
import dev.freshet.api.EnhancedMonitoringResponse;
import dev.freshet.api.GetRecordsRequest;
import dev.freshet.api.GetRecordsResponse;
import dev.freshet.api.GetResourcePolicyRequest;
import dev.freshet.api.GetResourcePolicyResponse;
import dev.freshet.api.GetShardIteratorRequest;
import dev.freshet.api.GetShardIteratorResponse;
import dev.freshet.api.IncreaseStreamRetentionPeriodRequest;
import dev.freshet.api.ListShardsRequest;
import dev.freshet.api.ListShardsResponse;
import dev.freshet.api.ListStreamConsumersRequest;
import dev.freshet.api.ListStreamConsumersResponse;
import dev.freshet.api.ListStreamsRequest;
import dev.freshet.api.ListStreamsResponse;
import dev.freshet.api.ListTagsForResourceRequest;
import dev.freshet.api.ListTagsForResourceResponse;
import dev.freshet.api.ListTagsForStreamRequest;
import dev.freshet.api.ListTagsForStreamResponse;
import dev.freshet.api.MergeShardsRequest;
import dev.freshet.api.PutRecordRequest;
import dev.freshet.api.PutRecordResponse;
import dev.freshet.api.PutRecordsRequest;
import dev.freshet.api.PutRecordsResponse;
import dev.freshet.api.PutResourcePolicyRequest;
import dev.freshet.api.RegisterStreamConsumerRequest;
import dev.freshet.api.RegisterStreamConsumerResponse;
import dev.freshet.api.RemoveTagsFromStreamRequest;
import dev.freshet.api.RequestContext;
import dev.freshet.api.SplitShardRequest;
import dev.freshet.api.SubscribeToShardEvent;
import dev.freshet.api.SubscribeToShardRequest;
import dev.freshet.api.StartStreamEncryptionRequest;
import dev.freshet.api.StopStreamEncryptionRequest;
import dev.freshet.api.TagResourceRequest;
import dev.freshet.api.UntagResourceRequest;
import dev.freshet.api.UpdateAccountSettingsRequest;
import dev.freshet.api.UpdateAccountSettingsResponse;
import dev.freshet.api.UpdateMaxRecordSizeRequest;
import dev.freshet.api.UpdateShardCountRequest;
import dev.freshet.api.UpdateShardCountResponse;
import dev.freshet.api.UpdateStreamModeRequest;
import dev.freshet.api.UpdateStreamWarmThroughputRequest;
import dev.freshet.api.UpdateStreamWarmThroughputResponse;
import dev.freshet.api.errors.InternalFailureException;
import dev.freshet.storage.ShardLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
    private final Resharding resharding;
    private final Consumers consumers;
    private final ScheduledExecutorService subscriptionExecutor;
    private final Subscriptions subscriptions;
    private final CapacityModes capacityModes;
    private final OnDemandScaler scaler;
    private final RetentionPeriods retention;
    private final Tagging tagging;
    private final EnhancedMonitoring monitoring;
    private final Encryption encryption;
    private final ResourcePolicies policies;
    private final AccountSettings accountSettings;
    private final RecordSizeLimit recordSizeLimit;
    private final WarmThroughput warmThroughput;
    private final ScheduledExecutorService maintenance;
    private boolean closed;

    private StreamEngine(EngineConfig config, DataDirectory storage) throws IOException {
        this.config = config;
        this.storage = storage;
        this.registry = new StreamRegistry(storage.metadata(), storage.logs(),
                new Lifecycle(config.createStreamDelay(), config.deleteStreamDelay(), config.updateStreamDelay()),
                config.clock());
        TokenSealer sealer = new TokenSealer(storage.tokenKey());
        Pagination pagination = new Pagination(sealer, config.clock());
        this.capacityModes = new CapacityModes(registry, config.clock(), config.shardLimit(),
                config.onDemandStreamLimit());
        this.retention = new RetentionPeriods(registry);
        this.tagging = new Tagging(registry);
        this.monitoring = new EnhancedMonitoring(registry);
        this.encryption = new Encryption(registry);
        this.policies = new ResourcePolicies(registry);
        this.accountSettings = new AccountSettings(storage.accountSettings(), config.clock());
        this.recordSizeLimit = new RecordSizeLimit(registry);
        this.warmThroughput = new WarmThroughput(registry, accountSettings);
        this.consumers = new Consumers(registry, config.clock(), pagination);
        this.subscriptionExecutor = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "freshet-subscriptions");
            thread.setDaemon(true);
            return thread;
        });
        this.subscriptions = new Subscriptions(registry, config.clock(), subscriptionExecutor);
        this.administration = new Administration(registry, config.clock(), pagination, config.shardLimit(),
                capacityModes, new NewStreamSettings(warmThroughput), warmThroughput, consumers);
        this.shardListing = new ShardListing(registry, config.clock(), pagination);
        this.resharding = new Resharding(registry, config.clock(), config.shardLimit());
        this.scaler = new OnDemandScaler(registry, config.clock(), config.onDemand(), config.shardLimit());
        this.writer = new RecordWriter(registry, config.clock(), scaler);
        this.reader = new RecordReader(registry, config.clock(), new ShardIterators(sealer));
        this.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "freshet-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        long period = config.maintenanceInterval().toMillis();
        maintenance.scheduleWithFixedDelay(this::maintainLogged, period, period, TimeUnit.MILLISECONDS);
        long window = config.onDemand().window().toMillis();
        maintenance.scheduleWithFixedDelay(this::scaleLogged, window, window, TimeUnit.MILLISECONDS);
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
        return io(() -> administration.describeStream(context, request));
    }

    public DescribeStreamSummaryResponse describeStreamSummary(
            RequestContext context, DescribeStreamSummaryRequest request) {
        return io(() -> administration.describeStreamSummary(context, request));
    }

    public ListStreamsResponse listStreams(RequestContext context, ListStreamsRequest request) {
        return io(() -> administration.listStreams(context, request));
    }

    public ListShardsResponse listShards(RequestContext context, ListShardsRequest request) {
        return io(() -> shardListing.listShards(context, request));
    }

    public RegisterStreamConsumerResponse registerStreamConsumer(RequestContext context,
            RegisterStreamConsumerRequest request) {
        return io(() -> consumers.register(context, request));
    }

    public Empty deregisterStreamConsumer(RequestContext context, DeregisterStreamConsumerRequest request) {
        return io(() -> consumers.deregister(context, request));
    }

    public DescribeStreamConsumerResponse describeStreamConsumer(RequestContext context,
            DescribeStreamConsumerRequest request) {
        return io(() -> consumers.describe(context, request));
    }

    public ListStreamConsumersResponse listStreamConsumers(RequestContext context, ListStreamConsumersRequest request) {
        return io(() -> consumers.list(context, request));
    }

    /**
     * SubscribeToShard: the request is checked now (a refusal is thrown); the events flow once the
     * returned publisher is subscribed to, which the caller must do.
     */
    public Flow.Publisher<SubscribeToShardEvent> subscribeToShard(RequestContext context,
            SubscribeToShardRequest request) {
        return io(() -> subscriptions.subscribe(context, request));
    }

    public Empty splitShard(RequestContext context, SplitShardRequest request) {
        return io(() -> resharding.splitShard(context, request));
    }

    public Empty mergeShards(RequestContext context, MergeShardsRequest request) {
        return io(() -> resharding.mergeShards(context, request));
    }

    public UpdateShardCountResponse updateShardCount(RequestContext context, UpdateShardCountRequest request) {
        return io(() -> resharding.updateShardCount(context, request));
    }

    public Empty updateStreamMode(RequestContext context, UpdateStreamModeRequest request) {
        return io(() -> capacityModes.updateStreamMode(context, request));
    }

    public DescribeLimitsResponse describeLimits(RequestContext context, Empty request) {
        return io(() -> capacityModes.describeLimits(context));
    }

    public Empty increaseStreamRetentionPeriod(RequestContext context, IncreaseStreamRetentionPeriodRequest request) {
        return io(() -> retention.increase(context, request));
    }

    public Empty decreaseStreamRetentionPeriod(RequestContext context, DecreaseStreamRetentionPeriodRequest request) {
        return io(() -> retention.decrease(context, request));
    }

    public Empty addTagsToStream(RequestContext context, AddTagsToStreamRequest request) {
        return io(() -> tagging.addTagsToStream(context, request));
    }

    public Empty removeTagsFromStream(RequestContext context, RemoveTagsFromStreamRequest request) {
        return io(() -> tagging.removeTagsFromStream(context, request));
    }

    public ListTagsForStreamResponse listTagsForStream(RequestContext context, ListTagsForStreamRequest request) {
        return io(() -> tagging.listTagsForStream(context, request));
    }

    public Empty tagResource(RequestContext context, TagResourceRequest request) {
        return io(() -> tagging.tagResource(context, request));
    }

    public Empty untagResource(RequestContext context, UntagResourceRequest request) {
        return io(() -> tagging.untagResource(context, request));
    }

    public ListTagsForResourceResponse listTagsForResource(RequestContext context, ListTagsForResourceRequest request) {
        return io(() -> tagging.listTagsForResource(context, request));
    }

    public EnhancedMonitoringResponse enableEnhancedMonitoring(RequestContext context,
            EnableEnhancedMonitoringRequest request) {
        return io(() -> monitoring.enable(context, request));
    }

    public EnhancedMonitoringResponse disableEnhancedMonitoring(RequestContext context,
            DisableEnhancedMonitoringRequest request) {
        return io(() -> monitoring.disable(context, request));
    }

    public Empty startStreamEncryption(RequestContext context, StartStreamEncryptionRequest request) {
        return io(() -> encryption.start(context, request));
    }

    public Empty stopStreamEncryption(RequestContext context, StopStreamEncryptionRequest request) {
        return io(() -> encryption.stop(context, request));
    }

    public Empty putResourcePolicy(RequestContext context, PutResourcePolicyRequest request) {
        return io(() -> policies.put(context, request));
    }

    public GetResourcePolicyResponse getResourcePolicy(RequestContext context, GetResourcePolicyRequest request) {
        return io(() -> policies.get(context, request));
    }

    public Empty deleteResourcePolicy(RequestContext context, DeleteResourcePolicyRequest request) {
        return io(() -> policies.delete(context, request));
    }

    public DescribeAccountSettingsResponse describeAccountSettings(RequestContext context, Empty request) {
        return accountSettings.describe(context);
    }

    public UpdateAccountSettingsResponse updateAccountSettings(RequestContext context,
            UpdateAccountSettingsRequest request) {
        return io(() -> accountSettings.update(context, request));
    }

    public Empty updateMaxRecordSize(RequestContext context, UpdateMaxRecordSizeRequest request) {
        return io(() -> recordSizeLimit.update(context, request));
    }

    public UpdateStreamWarmThroughputResponse updateStreamWarmThroughput(RequestContext context,
            UpdateStreamWarmThroughputRequest request) {
        return io(() -> warmThroughput.update(context, request));
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
     * Ends the on-demand scaling window if it is over, splitting hot and merging cold shards of
     * ON_DEMAND streams. Runs on its own every {@link OnDemandScaling#window()}; public so tests
     * driving an injected clock can run it when they choose.
     */
    public void runOnDemandScaling() throws IOException {
        scaler.evaluate();
    }

    /**
     * Applies reshards whose UPDATING time is over, purges streams whose deletion delay has passed,
     * drops closed shards wholly past retention (metadata and log) and deletes log segments wholly
     * past retention.
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
            registry.settled(stream);
            registry.dropExpiredShards(stream);
            consumers.dropGone(stream);
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
        subscriptionExecutor.shutdown();
        try {
            maintenance.awaitTermination(10, TimeUnit.SECONDS);
            subscriptionExecutor.awaitTermination(10, TimeUnit.SECONDS);
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

    private void scaleLogged() {
        try {
            runOnDemandScaling();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "on-demand scaling failed; it runs again next window", e);
        }
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    /**
     * Runs an operation, turning a storage failure into InternalFailure. Every operation that looks a
     * stream up goes through here, reads too: a lookup may apply a due reshard (see
     * {@link StreamRegistry#settled}), which stores metadata and opens logs.
     */
    private static <T> T io(IoAction<T> action) {
        try {
            return action.run();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.ERROR, "storage failure", e);
            throw new InternalFailureException(null);
        }
    }
}
