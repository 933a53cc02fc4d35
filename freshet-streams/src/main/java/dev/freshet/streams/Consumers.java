package dev.freshet.streams;

import dev.freshet.api.Consumer;
import dev.freshet.api.ConsumerDescription;
import dev.freshet.api.ConsumerStatus;
import dev.freshet.api.DeregisterStreamConsumerRequest;
import dev.freshet.api.DescribeStreamConsumerRequest;
import dev.freshet.api.DescribeStreamConsumerResponse;
import dev.freshet.api.Empty;
import dev.freshet.api.ListStreamConsumersRequest;
import dev.freshet.api.ListStreamConsumersResponse;
import dev.freshet.api.RegisterStreamConsumerRequest;
import dev.freshet.api.RegisterStreamConsumerResponse;
import dev.freshet.api.RequestContext;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.LimitExceededException;
import dev.freshet.api.errors.ResourceInUseException;
import dev.freshet.api.errors.ResourceNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Enhanced fan-out consumers: RegisterStreamConsumer, DeregisterStreamConsumer,
 * DescribeStreamConsumer and ListStreamConsumers, with AWS's limits (20 per stream, 5 CREATING at
 * once). A consumer is CREATING, then ACTIVE, after the configured create delay, and DELETING for
 * the delete delay before it is gone; gone consumers are dropped from the metadata by the next
 * change and by maintenance.
 *
 * <pre>
 * ListStreamConsumers NextToken body (inside {@link Pagination}'s envelope):
 *     streamId ({@link Pagination#body}) | last consumer name UTF-8 (rest)
 * </pre>
 *
 * <p>Thread-safe; changes go through {@link StreamRegistry#change}.
 */
final class Consumers {

    static final int MAX_CONSUMERS = 20;
    static final int MAX_CREATING = 5;
    private static final byte TOKEN_KIND = 4;
    private static final int DEFAULT_PAGE = 100;

    private final StreamRegistry registry;
    private final Clock clock;
    private final Pagination pagination;

    Consumers(StreamRegistry registry, Clock clock, Pagination pagination) {
        this.registry = registry;
        this.clock = clock;
        this.pagination = pagination;
    }

    RegisterStreamConsumerResponse register(RequestContext context, RegisterStreamConsumerRequest request)
            throws IOException {
        StreamKey key = StreamRegistry.keyOf(context, request);
        Stream stream = registry.require(key);
        String name = request.consumerName();
        StreamMetadata updated = registry.change(stream, current -> {
            StatusRules.requireActiveOrUpdating(registry, stream, key);
            List<ConsumerMetadata> live = live(current);
            if (live.stream().anyMatch(consumer -> consumer.name().equals(name))) {
                throw new ResourceInUseException("Consumer " + name + " under stream " + key.name()
                        + " under account " + key.accountId() + " already exists.");
            }
            if (live.size() >= MAX_CONSUMERS) {
                throw new LimitExceededException("Stream " + key.name() + " under account " + key.accountId()
                        + " already has " + MAX_CONSUMERS + " registered consumers, the most a stream may have.");
            }
            if (live.stream().filter(consumer -> registry.status(consumer) == ConsumerStatus.CREATING).count()
                    >= MAX_CREATING) {
                throw new LimitExceededException("Stream " + key.name() + " under account " + key.accountId()
                        + " already has " + MAX_CREATING + " consumers in CREATING state. Wait until one is "
                        + "ACTIVE and try again.");
            }
            Map<String, String> tags = TagRules.add(Map.of(), request.tags() == null ? Map.of() : request.tags(),
                    key);
            List<ConsumerMetadata> next = new ArrayList<>(live);
            next.add(new ConsumerMetadata(name, clock.millis(), null, tags, null));
            return current.withConsumers(next);
        });
        // The change appended the new consumer last.
        ConsumerMetadata consumer = updated.consumers().get(updated.consumers().size() - 1);
        return new RegisterStreamConsumerResponse(toApi(updated, consumer));
    }

    Empty deregister(RequestContext context, DeregisterStreamConsumerRequest request) throws IOException {
        Target target = target(context, request.streamARN(), request.consumerName(), request.consumerARN());
        registry.change(target.stream(), current -> {
            ConsumerMetadata consumer = target.require(current);
            if (consumer.deletingSinceMillis() != null) {
                throw target.notFound();
            }
            List<ConsumerMetadata> next = new ArrayList<>();
            for (ConsumerMetadata each : live(current)) {
                next.add(each == consumer ? each.deleting(clock.millis()) : each);
            }
            return current.withConsumers(next);
        });
        return new Empty();
    }

    DescribeStreamConsumerResponse describe(RequestContext context, DescribeStreamConsumerRequest request) {
        Target target = target(context, request.streamARN(), request.consumerName(), request.consumerARN());
        StreamMetadata stream = target.stream().metadata();
        ConsumerMetadata consumer = target.require(stream);
        return new DescribeStreamConsumerResponse(new ConsumerDescription(consumer.name(), consumer.arn(stream),
                registry.status(consumer), Instant.ofEpochMilli(consumer.createdAtMillis()), stream.arn()));
    }

    ListStreamConsumersResponse list(RequestContext context, ListStreamConsumersRequest request) {
        StreamKey key = StreamRegistry.keyOf(context, request);
        Stream stream = registry.require(key);
        StreamMetadata metadata = stream.metadata();
        if (request.streamCreationTimestamp() != null
                && request.streamCreationTimestamp().toEpochMilli() != metadata.createdAtMillis()) {
            throw Messages.streamNotFound(key);
        }
        String after = null;
        if (request.nextToken() != null) {
            ByteBuffer body = pagination.open(TOKEN_KIND, context, request.nextToken());
            if (!Pagination.getStreamId(body).equals(stream.id())) {
                throw new InvalidArgumentException("NextToken does not belong to stream " + key.name() + ".");
            }
            after = StandardCharsets.UTF_8.decode(body).toString();
        }
        int limit = request.maxResults() == null ? DEFAULT_PAGE : request.maxResults();
        List<ConsumerMetadata> sorted = new ArrayList<>(live(metadata));
        sorted.sort(Comparator.comparing(ConsumerMetadata::name));
        List<Consumer> page = new ArrayList<>();
        String last = null;
        boolean more = false;
        for (ConsumerMetadata consumer : sorted) {
            if (after != null && consumer.name().compareTo(after) <= 0) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(toApi(metadata, consumer));
            last = consumer.name();
        }
        return new ListStreamConsumersResponse(page, more ? seal(context, stream, last) : null);
    }

    /** The consumers of {@code stream} that are not gone. */
    List<ConsumerMetadata> live(StreamMetadata stream) {
        List<ConsumerMetadata> live = new ArrayList<>();
        for (ConsumerMetadata consumer : stream.consumers()) {
            if (registry.status(consumer) != null) {
                live.add(consumer);
            }
        }
        return live;
    }

    /** Drops the gone consumers of {@code stream} from its metadata; for maintenance. */
    void dropGone(Stream stream) throws IOException {
        if (stream.metadata().consumers().stream().anyMatch(consumer -> registry.status(consumer) == null)) {
            registry.change(stream, current -> current.withConsumers(live(current)));
        }
    }

    private Consumer toApi(StreamMetadata stream, ConsumerMetadata consumer) {
        return new Consumer(consumer.name(), consumer.arn(stream), registry.status(consumer),
                Instant.ofEpochMilli(consumer.createdAtMillis()));
    }

    private String seal(RequestContext context, Stream stream, String lastName) {
        byte[] name = lastName.getBytes(StandardCharsets.UTF_8);
        return pagination.seal(TOKEN_KIND, context, Pagination.body(stream.id(), name.length).put(name).array());
    }

    /**
     * The consumer a request names: by ConsumerARN (which must name this incarnation: its creation
     * time is part of the ARN), or by StreamARN and ConsumerName.
     */
    private Target target(RequestContext context, String streamArn, String consumerName, String consumerArn) {
        if (consumerArn != null) {
            ResourceArn resource = ResourceArn.parseConsumer(context, consumerArn);
            return new Target(registry.require(resource.stream()), resource.stream(), resource.consumerName(),
                    consumerArn);
        }
        if (streamArn == null || consumerName == null) {
            throw new InvalidArgumentException(
                    "Either ConsumerARN, or both StreamARN and ConsumerName, must be provided.");
        }
        ResourceArn stream = ResourceArn.parse(context, streamArn);
        if (stream.consumerName() != null) {
            throw new InvalidArgumentException("Invalid StreamARN " + streamArn + ".");
        }
        return new Target(registry.require(stream.stream()), stream.stream(), consumerName, null);
    }

    /** A consumer a request names, found (or not) in the stream's current metadata. */
    private final class Target {
        private final Stream stream;
        private final StreamKey key;
        private final String name;
        private final String arn;

        Target(Stream stream, StreamKey key, String name, String arn) {
            this.stream = stream;
            this.key = key;
            this.name = name;
            this.arn = arn;
        }

        Stream stream() {
            return stream;
        }

        /** The consumer named, DELETING ones included (unlike {@link ResourceArn#requireConsumer}). */
        ConsumerMetadata require(StreamMetadata metadata) {
            for (ConsumerMetadata consumer : metadata.consumers()) {
                if (consumer.name().equals(name) && (arn == null || consumer.arn(metadata).equals(arn))
                        && registry.status(consumer) != null) {
                    return consumer;
                }
            }
            throw notFound();
        }

        ResourceNotFoundException notFound() {
            return new ResourceNotFoundException("Consumer " + (arn == null ? name : arn) + " under stream "
                    + key.name() + " under account " + key.accountId() + " not found.");
        }
    }
}
