package dev.freshet.streams;

import dev.freshet.api.ListShardsRequest;
import dev.freshet.api.ListShardsResponse;
import dev.freshet.api.RequestContext;
import dev.freshet.api.Shard;
import dev.freshet.api.ShardFilter;
import dev.freshet.api.ShardFilterType;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.ResourceNotFoundException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * ListShards: shards by index, filtered as AWS filters them, paginated by a sealed NextToken that
 * carries the stream, the filter and the last shard returned.
 *
 * <pre>
 * NextToken body (big-endian, inside {@link Pagination}'s envelope):
 *     streamId ({@link Pagination#body}) | lastIndex i64 | filter shard index i64 (-1 none)
 *     | filter timestamp i64 (ms; Long.MIN_VALUE none) | filter type name US-ASCII (rest; empty: none)
 * </pre>
 *
 * <p>Thread-safe.
 */
final class ShardListing {

    private static final byte TOKEN_KIND = 3;
    /** AWS returns at most this many shards a page, whatever MaxResults asks for. */
    private static final int MAX_PAGE = 1000;

    private final StreamRegistry registry;
    private final Clock clock;
    private final Pagination pagination;

    ShardListing(StreamRegistry registry, Clock clock, Pagination pagination) {
        this.registry = registry;
        this.clock = clock;
        this.pagination = pagination;
    }

    ListShardsResponse listShards(RequestContext context, ListShardsRequest request) {
        int maxResults = request.maxResults() == null ? MAX_PAGE : Math.min(request.maxResults(), MAX_PAGE);
        Stream stream;
        long after;
        ShardFilter filter;
        if (request.nextToken() != null) {
            if (request.streamName() != null || request.streamARN() != null) {
                throw new InvalidArgumentException("NextToken and StreamName cannot be provided together.");
            }
            if (request.exclusiveStartShardId() != null || request.shardFilter() != null
                    || request.streamCreationTimestamp() != null) {
                throw new InvalidArgumentException(
                        "NextToken cannot be provided together with ExclusiveStartShardId, ShardFilter or "
                                + "StreamCreationTimestamp.");
            }
            Token token = openToken(context, request.nextToken());
            stream = token.stream();
            after = token.lastIndex();
            filter = token.filter();
        } else {
            if (request.streamName() == null && request.streamARN() == null) {
                throw new InvalidArgumentException("Either NextToken or StreamName should be provided.");
            }
            StreamKey key = StreamRegistry.keyOf(context, request);
            stream = registry.require(key);
            if (request.streamCreationTimestamp() != null && request.streamCreationTimestamp().toEpochMilli()
                    != stream.metadata().createdAtMillis()) {
                throw Messages.streamNotFound(key);
            }
            after = request.exclusiveStartShardId() == null ? -1
                    : ShardMetadata.parseIndex(request.exclusiveStartShardId());
            filter = request.shardFilter();
            checkFilter(filter);
        }
        StreamMetadata metadata = stream.metadata();
        long now = clock.millis();
        Predicate<ShardMetadata> matches = predicate(filter, metadata, now);
        List<Shard> page = new ArrayList<>();
        long last = after;
        boolean more = false;
        for (ShardMetadata shard : ShardViews.visible(metadata, now)) {
            if (shard.index() <= after || !matches.test(shard)) {
                continue;
            }
            if (page.size() == maxResults) {
                more = true;
                break;
            }
            page.add(ShardViews.toApi(stream, shard));
            last = shard.index();
        }
        return new ListShardsResponse(page, more ? seal(context, stream, last, filter) : null);
    }

    private static void checkFilter(ShardFilter filter) {
        if (filter == null) {
            return;
        }
        ShardFilterType type = filter.type();
        if (type == ShardFilterType.AFTER_SHARD_ID && filter.shardId() == null) {
            throw new InvalidArgumentException("Must specify ShardId when ShardFilter type is AFTER_SHARD_ID.");
        }
        if (filter.shardId() != null && ShardMetadata.parseIndex(filter.shardId()) < 0) {
            throw new InvalidArgumentException("Invalid ShardId in ShardFilter: " + filter.shardId() + ".");
        }
        if ((type == ShardFilterType.AT_TIMESTAMP || type == ShardFilterType.FROM_TIMESTAMP)
                && filter.timestamp() == null) {
            throw new InvalidArgumentException("Must specify Timestamp when ShardFilter type is " + type + ".");
        }
        if (type != ShardFilterType.AFTER_SHARD_ID && filter.shardId() != null) {
            throw new InvalidArgumentException("ShardId can only be specified with ShardFilter type AFTER_SHARD_ID.");
        }
        if (type != ShardFilterType.AT_TIMESTAMP && type != ShardFilterType.FROM_TIMESTAMP
                && filter.timestamp() != null) {
            throw new InvalidArgumentException(
                    "Timestamp can only be specified with ShardFilter type AT_TIMESTAMP or FROM_TIMESTAMP.");
        }
    }

    /**
     * The AWS meaning of each filter: AT_* lists the shards open at that point (the trim horizon being
     * the older of the stream's creation and the retention horizon), FROM_* lists those and every shard
     * after them, AT_LATEST the open shards, AFTER_SHARD_ID the shards with a greater index.
     */
    private static Predicate<ShardMetadata> predicate(ShardFilter filter, StreamMetadata stream, long now) {
        if (filter == null) {
            return shard -> true;
        }
        long trimHorizon = Math.max(stream.createdAtMillis(), stream.retentionCutoff(now));
        return switch (filter.type()) {
            case AFTER_SHARD_ID -> {
                long index = ShardMetadata.parseIndex(filter.shardId());
                yield shard -> shard.index() > index;
            }
            case AT_LATEST -> ShardMetadata::isOpen;
            case AT_TRIM_HORIZON -> shard -> openAt(shard, trimHorizon);
            case FROM_TRIM_HORIZON -> shard -> true;
            case AT_TIMESTAMP -> {
                long at = Math.max(filter.timestamp().toEpochMilli(), stream.createdAtMillis());
                yield shard -> openAt(shard, at);
            }
            case FROM_TIMESTAMP -> {
                long from = filter.timestamp().toEpochMilli();
                yield shard -> !shard.closedBefore(from);
            }
        };
    }

    private static boolean openAt(ShardMetadata shard, long time) {
        return shard.openedAtMillis() <= time && (shard.isOpen() || shard.closedAtMillis() > time);
    }

    private record Token(Stream stream, long lastIndex, ShardFilter filter) {}

    private String seal(RequestContext context, Stream stream, long lastIndex, ShardFilter filter) {
        byte[] type = filter == null ? new byte[0] : filter.type().name().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer body = Pagination.body(stream.id(), 8 + 8 + 8 + type.length)
                .putLong(lastIndex)
                .putLong(filter == null || filter.shardId() == null ? -1 : ShardMetadata.parseIndex(filter.shardId()))
                .putLong(filter == null || filter.timestamp() == null ? Long.MIN_VALUE
                        : filter.timestamp().toEpochMilli())
                .put(type);
        return pagination.seal(TOKEN_KIND, context, body.array());
    }

    private Token openToken(RequestContext context, String text) {
        ByteBuffer buffer = pagination.open(TOKEN_KIND, context, text);
        String streamId = Pagination.getStreamId(buffer);
        long lastIndex = buffer.getLong();
        long shardIndex = buffer.getLong();
        long timestamp = buffer.getLong();
        byte[] type = new byte[buffer.remaining()];
        buffer.get(type);
        Stream stream = registry.findById(streamId);
        if (stream == null) {
            throw new ResourceNotFoundException("The stream of this NextToken no longer exists.");
        }
        ShardFilter filter = type.length == 0 ? null : new ShardFilter(
                ShardFilterType.valueOf(new String(type, StandardCharsets.US_ASCII)),
                shardIndex < 0 ? null : ShardMetadata.shardId(shardIndex),
                timestamp == Long.MIN_VALUE ? null : Instant.ofEpochMilli(timestamp));
        return new Token(stream, lastIndex, filter);
    }
}
