package dev.freshet.streams;

import dev.freshet.api.RequestContext;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.ResourceNotFoundException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource a {@code ResourceARN} names: a stream,
 * {@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME}, or one of its consumers,
 * {@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME/consumer/CONSUMER:EPOCH}. Account and region
 * are checked as for a {@code StreamARN} (see {@link StreamRegistry#keyOfArn}).
 *
 * <p>The tags and policy of either kind are read and changed here, so the tag and policy operations
 * need not care which kind an ARN names. A consumer ARN carries its consumer's creation time, so it
 * names one registration: a consumer registered again under the same name has another ARN, and the
 * old one answers ResourceNotFoundException, as does a consumer that is DELETING or gone. SubscribeToShard
 * finds its consumer the same way.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param arn the ARN as given; {@code null} for a stream named otherwise (see {@link #of})
 * @param stream the stream it names, or whose consumer it names
 * @param consumerName the consumer it names, or {@code null} for the stream itself
 */
record ResourceArn(String arn, StreamKey stream, String consumerName) {

    private static final Pattern RESOURCE =
            Pattern.compile("stream/([^/]+)(?:/consumer/([a-zA-Z0-9_.-]+):(\\d+))?");

    static ResourceArn parse(RequestContext context, String arn) {
        String[] parts = arn.split(":", 6);
        Matcher resource = parts.length == 6 ? RESOURCE.matcher(parts[5]) : null;
        if (resource == null || !resource.matches() || !parts[0].equals("arn") || !parts[2].equals("kinesis")) {
            throw new InvalidArgumentException("Invalid ResourceARN " + arn + ".");
        }
        String streamArn = String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4])
                + ":stream/" + resource.group(1);
        return new ResourceArn(arn, StreamRegistry.keyOfArn(context, streamArn, null), resource.group(2));
    }

    /** The stream {@code key} names, as the resource the by-stream tag operations act on. */
    static ResourceArn of(StreamKey key) {
        return new ResourceArn(null, key, null);
    }

    /** A {@code ConsumerARN}: parsed as above, and it must name a consumer. */
    static ResourceArn parseConsumer(RequestContext context, String consumerArn) {
        ResourceArn resource = parse(context, consumerArn);
        if (resource.consumerName() == null) {
            throw new InvalidArgumentException("Invalid ConsumerARN " + consumerArn + ".");
        }
        return resource;
    }

    /** The stream this ARN names, or whose consumer it names. */
    Stream requireStream(StreamRegistry registry) {
        return registry.require(stream);
    }

    /** The resource's tags in {@code metadata}. */
    Map<String, String> tags(StreamMetadata metadata) {
        return consumerName == null ? metadata.settings().tags() : requireConsumer(metadata).tags();
    }

    /** {@code metadata} with the resource's tags replaced. */
    StreamMetadata withTags(StreamMetadata metadata, Map<String, String> tags) {
        if (consumerName == null) {
            return metadata.withSettings(metadata.settings().withTags(tags));
        }
        ConsumerMetadata consumer = requireConsumer(metadata);
        return replace(metadata, consumer, consumer.withTags(tags));
    }

    /** The resource's policy in {@code metadata}, or {@code null}. */
    String policy(StreamMetadata metadata) {
        return consumerName == null ? metadata.settings().resourcePolicy() : requireConsumer(metadata).resourcePolicy();
    }

    /** {@code metadata} with the resource's policy replaced ({@code null}: none). */
    StreamMetadata withPolicy(StreamMetadata metadata, String policy) {
        if (consumerName == null) {
            return metadata.withSettings(metadata.settings().withResourcePolicy(policy));
        }
        ConsumerMetadata consumer = requireConsumer(metadata);
        return replace(metadata, consumer, consumer.withResourcePolicy(policy));
    }

    /**
     * The consumer this (consumer) ARN names in {@code metadata}: the registration it names, CREATING or
     * ACTIVE (one not DELETING is never gone, so no clock is needed).
     *
     * @throws ResourceNotFoundException if there is none
     */
    ConsumerMetadata requireConsumer(StreamMetadata metadata) {
        for (ConsumerMetadata consumer : metadata.consumers()) {
            if (consumer.deletingSinceMillis() == null && consumer.arn(metadata).equals(arn)) {
                return consumer;
            }
        }
        throw new ResourceNotFoundException(
                "Consumer " + arn + " under account " + stream.accountId() + " not found.");
    }

    private static StreamMetadata replace(StreamMetadata metadata, ConsumerMetadata old, ConsumerMetadata next) {
        return metadata.withConsumers(metadata.consumers().stream().map(c -> c == old ? next : c).toList());
    }
}
