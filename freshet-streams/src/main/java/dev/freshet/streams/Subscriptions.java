package dev.freshet.streams;

import dev.freshet.api.ConsumerStatus;
import dev.freshet.api.RequestContext;
import dev.freshet.api.StartingPosition;
import dev.freshet.api.SubscribeToShardEvent;
import dev.freshet.api.SubscribeToShardRequest;
import dev.freshet.api.errors.ResourceInUseException;
import java.io.IOException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;

/**
 * SubscribeToShard: checks a request as AWS does (the consumer must exist and be ACTIVE, the shard
 * must exist, the starting position must be valid), then hands back a publisher of the shard's
 * events (see {@link ShardSubscription}). A consumer may hold one live subscription per shard: a
 * second one is refused with ResourceInUseException until the first ends.
 *
 * <p>Thread-safe.
 */
final class Subscriptions {

    private final StreamRegistry registry;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    /** Consumer ARN and shard index of every live subscription. */
    private final Set<String> live = ConcurrentHashMap.newKeySet();

    Subscriptions(StreamRegistry registry, Clock clock, ScheduledExecutorService executor) {
        this.registry = registry;
        this.clock = clock;
        this.executor = executor;
    }

    /**
     * The events of the subscription this request asks for. The caller must subscribe to the
     * publisher (once): the consumer's slot on the shard is held from now until the subscription ends.
     */
    Flow.Publisher<SubscribeToShardEvent> subscribe(RequestContext context, SubscribeToShardRequest request)
            throws IOException {
        ResourceArn arn = ResourceArn.parseConsumer(context, request.consumerARN());
        Stream stream = registry.requireActive(arn.stream());
        StreamMetadata metadata = stream.metadata();
        ConsumerMetadata consumer = arn.requireConsumer(metadata);
        if (registry.status(consumer) != ConsumerStatus.ACTIVE) {
            throw new ResourceInUseException("Consumer " + request.consumerARN() + " under account "
                    + arn.stream().accountId() + " is not ACTIVE.");
        }
        ShardMetadata shard = stream.router().shard(ShardMetadata.parseIndex(request.shardId()));
        if (shard == null) {
            throw Messages.shardNotFound(request.shardId(), metadata);
        }
        StartingPosition position = request.startingPosition();
        long offset = RecordReader.startOffset(stream, shard, arn.stream(), position.type(),
                position.sequenceNumber(), position.timestamp(), clock.millis());
        String slot = request.consumerARN() + "#" + shard.index();
        if (!live.add(slot)) {
            throw new ResourceInUseException("Another active subscription exists for this consumer: "
                    + request.consumerARN());
        }
        return subscriber -> new ShardSubscription(stream, shard, offset, subscriber, executor, clock,
                () -> live.remove(slot)).start();
    }
}
