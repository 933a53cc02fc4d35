package dev.freshet.kcl;

import dev.freshet.testing.FreshetProcess;
import dev.freshet.testing.Polling;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.leases.dynamodb.TableCreatorCallbackInput;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.retrieval.RetrievalSpecificConfig;
import software.amazon.kinesis.retrieval.fanout.FanOutConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * One KCL 3 worker: a {@link Scheduler} on its own thread consuming one stream for one application, from
 * TRIM_HORIZON, with DynamoDB Local holding its leases and CloudWatch metrics off.
 *
 * <p>The KCL's defaults are tuned for fleets (a 10 s lease failover, a 2 min leader lock, shard syncs a
 * minute apart, a 1 s scheduler loop); they are shortened here so that a worker starts, takes its leases and
 * follows a reshard within seconds. Besides: worker metrics are off (choosing them probes EC2 instance
 * metadata), and the lease table's index is created as soon as the table is (see
 * {@link #createLeaseOwnerIndex}). One wait cannot be shortened: a new application's first worker waits a
 * random 1 to 30 s for another to fill the empty lease table before it lists the shards itself.
 *
 * <p>Not thread-safe: start and stop from the test's thread.
 */
final class KclWorker implements AutoCloseable {

    /** How the worker reads records. */
    enum Retrieval {
        /** GetRecords, over {@code http://} (HTTP/2 with prior knowledge, as the KCL's client speaks). */
        POLLING,
        /** Enhanced fan-out: a registered consumer and SubscribeToShard, over {@code https://} (HTTP/2, TLS). */
        FAN_OUT
    }

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);
    /** The KCL's name for the lease table's index by owner. */
    private static final String LEASE_OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";

    private final Scheduler scheduler;
    private final Thread thread;
    private final KinesisAsyncClient kinesis;
    private final DynamoDbAsyncClient dynamo;
    private final CloudWatchAsyncClient cloudWatch;

    private KclWorker(Scheduler scheduler, KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamo,
            CloudWatchAsyncClient cloudWatch) {
        this.scheduler = scheduler;
        this.kinesis = kinesis;
        this.dynamo = dynamo;
        this.cloudWatch = cloudWatch;
        this.thread = new Thread(scheduler, "kcl-" + scheduler.applicationName());
        thread.setDaemon(true);
    }

    static KclWorker start(FreshetProcess freshet, DynamoDbLocal dynamoDbLocal, String stream, String application,
            Retrieval retrieval, ShardRecordProcessorFactory processors) {
        KinesisAsyncClient kinesis = retrieval == Retrieval.POLLING
                ? Clients.kclKinesis(freshet.endpoint())
                : Clients.kclKinesisTls(freshet.httpsEndpoint(), freshet.certificatePem());
        DynamoDbAsyncClient dynamo = Clients.dynamo(dynamoDbLocal.endpoint());
        CloudWatchAsyncClient cloudWatch = Clients.cloudWatch(freshet.endpoint());
        ConfigsBuilder configs = new ConfigsBuilder(stream, application, kinesis, dynamo, cloudWatch,
                application + "-" + UUID.randomUUID(), processors);
        InitialPositionInStreamExtended trimHorizon =
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON);

        LeaseManagementConfig leases = configs.leaseManagementConfig()
                .initialPositionInStream(trimHorizon)
                // How long a stopped worker's leases stay its own: what a restart waits for. Renewed every third
                // of it, so a stall of a few seconds on a busy machine does not lose a lease (and re-deliver).
                .failoverTimeMillis(5_000)
                .leaseAssignmentIntervalMillis(500L)
                .shardSyncIntervalMillis(1_000)
                .listShardsBackoffTimeInMillis(200)
                .dynamoDbLockBasedLeaderLeaseDurationInMillis(3_000)
                .dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(500)
                .listShardsCacheAllowedAgeInSeconds(1)
                .tableCreatorCallback(KclWorker::createLeaseOwnerIndex);
        // Worker metrics off: choosing them probes the EC2 instance metadata address, which must not be
        // contacted from here; the assignment then goes by throughput alone.
        leases.workerUtilizationAwareAssignmentConfig()
                .disableWorkerMetrics(true)
                .workerMetricsReporterFreqInMillis(500)
                .inMemoryWorkerMetricsCaptureFrequencyMillis(100);

        RetrievalSpecificConfig reading = retrieval == Retrieval.POLLING
                ? new PollingConfig(stream, kinesis).idleTimeBetweenReadsInMillis(200)
                : new FanOutConfig(kinesis).streamName(stream).applicationName(application).retryBackoffMillis(200);

        Scheduler scheduler = new Scheduler(
                configs.checkpointConfig(),
                configs.coordinatorConfig()
                        .parentShardPollIntervalMillis(200)
                        .shardConsumerDispatchPollIntervalMillis(100)
                        .schedulerInitializationBackoffTimeMillis(200),
                leases,
                configs.lifecycleConfig().taskBackoffTimeMillis(100),
                configs.metricsConfig().metricsFactory(new NullMetricsFactory()),
                configs.processorConfig(),
                configs.retrievalConfig().initialPositionInStreamExtended(trimHorizon).retrievalSpecificConfig(reading));
        KclWorker worker = new KclWorker(scheduler, kinesis, dynamo, cloudWatch);
        worker.thread.start();
        return worker;
    }

    /**
     * Creates the lease table's owner index as soon as the KCL has created the table, exactly as the KCL then
     * would (its own serializer's definitions), and waits until it is ACTIVE. The KCL polls for the index
     * only every 10 s, while DynamoDB Local builds it in under one; finding it ACTIVE, the KCL goes straight
     * on. Only the start of a new application is shortened: nothing that touches Kinesis changes.
     */
    private static void createLeaseOwnerIndex(TableCreatorCallbackInput input) {
        DynamoDBLeaseSerializer serializer = new DynamoDBLeaseSerializer();
        input.dynamoDbClient().updateTable(b -> b.tableName(input.tableName())
                .attributeDefinitions(serializer.getWorkerIdToLeaseKeyIndexAttributeDefinitions())
                .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(LEASE_OWNER_INDEX)
                        .keySchema(serializer.getWorkerIdToLeaseKeyIndexKeySchema())
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))))
                .join();
        try {
            Polling.until(LEASE_OWNER_INDEX + " ACTIVE", Duration.ofSeconds(30),
                    () -> input.dynamoDbClient().describeTable(b -> b.tableName(input.tableName())).join().table()
                            .globalSecondaryIndexes().get(0).indexStatus(),
                    status -> status == IndexStatus.ACTIVE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Shuts down as an application does on a deploy: each processor is asked to finish, then the worker
     * stops. Returns once the scheduler's thread has ended.
     */
    void shutDownGracefully() throws Exception {
        Boolean done = scheduler.startGracefulShutdown().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!Boolean.TRUE.equals(done)) {
            throw new AssertionError("the KCL's graceful shutdown did not complete: " + done);
        }
        thread.join(SHUTDOWN_TIMEOUT.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the KCL scheduler thread still runs " + SHUTDOWN_TIMEOUT + " after shutdown");
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (thread.isAlive()) {
                scheduler.shutdown();
                thread.join(SHUTDOWN_TIMEOUT.toMillis());
            }
        } finally {
            kinesis.close();
            dynamo.close();
            cloudWatch.close();
        }
    }
}
