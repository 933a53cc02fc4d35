package dev.freshet.streams;

import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.DeleteStreamRequest;
import dev.freshet.api.DescribeStreamRequest;
import dev.freshet.api.DescribeStreamResponse;
import dev.freshet.api.DescribeStreamSummaryRequest;
import dev.freshet.api.DescribeStreamSummaryResponse;
import dev.freshet.api.Empty;
import dev.freshet.api.ListStreamsRequest;
import dev.freshet.api.ListStreamsResponse;
import dev.freshet.api.RequestContext;
import dev.freshet.api.Shard;
import dev.freshet.api.StreamDescription;
import dev.freshet.api.StreamDescriptionSummary;
import dev.freshet.api.StreamMode;
import dev.freshet.api.StreamModeDetails;
import dev.freshet.api.StreamStatus;
import dev.freshet.api.StreamSummary;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.ResourceInUseException;
import dev.freshet.api.errors.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stream life-cycle operations: CreateStream, DeleteStream, DescribeStream,
 * DescribeStreamSummary and ListStreams.
 *
 * <p>Thread-safe; changes go through the {@link StreamRegistry}.
 */
final class Administration {

    static final int DEFAULT_RETENTION_HOURS = 24;
    static final int ON_DEMAND_DEFAULT_SHARDS = 4;
    private static final byte LIST_STREAMS_TOKEN = 2;
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final StreamRegistry registry;
    private final Clock clock;
    private final Pagination pagination;
    private final int shardLimit;
    private final CapacityModes capacityModes;
    private final Consumers consumers;
    private final NewStreamSettings newStreamSettings;
    private final WarmThroughput warmThroughput;
    private final SecureRandom random = new SecureRandom();

    Administration(StreamRegistry registry, Clock clock, Pagination pagination, int shardLimit,
            CapacityModes capacityModes, NewStreamSettings newStreamSettings, WarmThroughput warmThroughput,
            Consumers consumers) {
        this.consumers = consumers;
        this.registry = registry;
        this.clock = clock;
        this.pagination = pagination;
        this.shardLimit = shardLimit;
        this.capacityModes = capacityModes;
        this.newStreamSettings = newStreamSettings;
        this.warmThroughput = warmThroughput;
    }

    Empty createStream(RequestContext context, CreateStreamRequest request) throws IOException {
        StreamMode mode = request.streamModeDetails() == null
                ? StreamMode.PROVISIONED
                : request.streamModeDetails().streamMode();
        Integer shardCount = request.shardCount();
        if (shardCount == null) {
            if (mode == StreamMode.PROVISIONED) {
                throw Violation.exception(List.of(new Violation(null, "shardCount", "Member must not be null")));
            }
            shardCount = ON_DEMAND_DEFAULT_SHARDS;
        }
        // Checked here so an absurd count is never built, and again as the stream is added.
        registry.requireShardCapacity(context.accountId(), context.region(), shardCount, shardLimit);
        if (mode == StreamMode.ON_DEMAND) {
            capacityModes.requireOnDemandCapacity(context.accountId(), context.region());
        }
        long now = clock.millis();
        List<ShardMetadata> shards = new ArrayList<>(shardCount);
        List<HashKeys.Range> ranges = HashKeys.split(shardCount);
        for (int i = 0; i < shardCount; i++) {
            shards.add(new ShardMetadata(i, null, null, ranges.get(i).start(), ranges.get(i).end(), now, null, null));
        }
        StreamSettings settings = newStreamSettings.of(context, request, mode);
        StreamMetadata metadata = StreamMetadata.created(newStreamId(), context.accountId(), context.region(),
                request.streamName(), now, DEFAULT_RETENTION_HOURS, mode, shards, settings);
        registry.create(metadata, shardLimit);
        return new Empty();
    }

    Empty deleteStream(RequestContext context, DeleteStreamRequest request) throws IOException {
        StreamKey key = StreamRegistry.keyOf(context, request);
        Stream stream = registry.require(key);
        registry.change(stream, current -> {
            if (registry.status(stream) == StreamStatus.DELETING) {
                throw Messages.streamNotFound(key);
            }
            StatusRules.requireActive(registry, stream, key);
            List<ConsumerMetadata> registered = consumers.live(current);
            if (!registered.isEmpty() && !Boolean.TRUE.equals(request.enforceConsumerDeletion())) {
                throw new ResourceInUseException("Stream " + key.name() + " under account " + key.accountId()
                        + " has registered consumers. Deregister them, or set EnforceConsumerDeletion to delete "
                        + "the stream and its consumers.");
            }
            long now = clock.millis();
            List<ConsumerMetadata> deleted = registered.stream()
                    .map(consumer -> consumer.deletingSinceMillis() == null ? consumer.deleting(now) : consumer)
                    .toList();
            return current.withConsumers(deleted).deleting(now);
        });
        return new Empty();
    }

    DescribeStreamResponse describeStream(RequestContext context, DescribeStreamRequest request) {
        Stream stream = registry.require(StreamRegistry.keyOf(context, request));
        StreamMetadata metadata = stream.metadata();
        int limit = request.limit() == null ? 100 : request.limit();
        List<ShardMetadata> visible = ShardViews.visible(metadata, clock.millis());
        long after = -1;
        if (request.exclusiveStartShardId() != null) {
            after = ShardMetadata.parseIndex(request.exclusiveStartShardId());
        }
        List<Shard> page = new ArrayList<>();
        boolean more = false;
        for (ShardMetadata shard : visible) {
            if (shard.index() <= after) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(ShardViews.toApi(stream, shard));
        }
        return new DescribeStreamResponse(new StreamDescription(metadata.name(), metadata.arn(),
                registry.status(stream), new StreamModeDetails(metadata.mode()), page, more,
                metadata.retentionHours(), Instant.ofEpochMilli(metadata.createdAtMillis()),
                EnhancedMonitoring.view(metadata.settings()), metadata.settings().encryptionType(),
                metadata.settings().keyId()));
    }

    DescribeStreamSummaryResponse describeStreamSummary(RequestContext context, DescribeStreamSummaryRequest request) {
        Stream stream = registry.require(StreamRegistry.keyOf(context, request));
        StreamMetadata metadata = stream.metadata();
        StreamStatus status = registry.status(stream);
        StreamSettings settings = metadata.settings();
        // No StreamId, as AWS gives none ("Not Implemented. Reserved for future use."): the SDKs' endpoint
        // rules send any request carrying a StreamId of that shape to a per-stream AWS host, ignoring the
        // endpoint override, and the KCL 3.5's fan-out passes the summary's StreamId back.
        return new DescribeStreamSummaryResponse(new StreamDescriptionSummary(metadata.name(), metadata.arn(),
                null, status, new StreamModeDetails(metadata.mode()),
                metadata.retentionHours(), Instant.ofEpochMilli(metadata.createdAtMillis()),
                EnhancedMonitoring.view(settings), settings.encryptionType(), settings.keyId(),
                (int) metadata.openShardCount(), consumers.live(metadata).size(),
                warmThroughput.view(metadata, status),
                settings.maxRecordSizeInKiB()));
    }

    ListStreamsResponse listStreams(RequestContext context, ListStreamsRequest request) {
        String after = request.exclusiveStartStreamName();
        if (request.nextToken() != null) {
            if (after != null) {
                throw new InvalidArgumentException(
                        "NextToken and ExclusiveStartStreamName cannot be provided together.");
            }
            after = StandardCharsets.UTF_8.decode(
                    pagination.open(LIST_STREAMS_TOKEN, context, request.nextToken())).toString();
        }
        int limit = request.limit() == null ? 100 : request.limit();
        List<String> names = new ArrayList<>();
        List<StreamSummary> summaries = new ArrayList<>();
        boolean more = false;
        for (Stream stream : registry.list(context.accountId(), context.region())) {
            StreamMetadata metadata = stream.metadata();
            if (after != null && metadata.name().compareTo(after) <= 0) {
                continue;
            }
            if (names.size() == limit) {
                more = true;
                break;
            }
            names.add(metadata.name());
            summaries.add(new StreamSummary(metadata.name(), metadata.arn(), registry.status(stream),
                    new StreamModeDetails(metadata.mode()), Instant.ofEpochMilli(metadata.createdAtMillis())));
        }
        String token = more ? pagination.seal(LIST_STREAMS_TOKEN, context,
                names.get(names.size() - 1).getBytes(StandardCharsets.UTF_8)) : null;
        return new ListStreamsResponse(names, more, token, summaries);
    }

    private String newStreamId() {
        StringBuilder id = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            id.append(i == 20 ? '-' : ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }
}
