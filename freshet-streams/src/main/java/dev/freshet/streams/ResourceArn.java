package dev.freshet.streams;

import dev.freshet.api.RequestContext;
import dev.freshet.api.StreamAddressed;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.ResourceNotFoundException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource a {@code ResourceARN} names: a stream,
 * {@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME}, or one of its consumers,
 * {@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME/consumer/CONSUMER:EPOCH}. Account and region
 * are checked as for a {@code StreamARN} (see {@link StreamRegistry#keyOf(RequestContext, StreamAddressed)}).
 *
 * <p>The tags and policy of either kind are read and changed here, so the tag and policy operations
 * need not care which kind an ARN names. A consumer ARN carries its consumer's creation time, so it
 * names one registration: a consumer registered again under the same name has another ARN, and the
 * old one answers ResourceNotFoundException, as does a consumer that is DELETING or gone.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param arn the ARN as given
 * @param stream the stream it names, or whose consumer it names
 * @param consumerName the consumer it names, or {@code null} for the stream itself
 */
record ResourceArn(String arn, StreamKey stream, String consumerName) {

    private static final Pattern RESOURCE =
            Pattern.compile("stream/([^/]+)(?:/consumer/([a-zA-Z0-9_.-]+):(\\d+))?");

    private record ByArn(String streamARN) implements StreamAddressed {
        @Override
        public String streamName() {
            return null;
        }
    }

    static ResourceArn parse(RequestContext context, String arn) {
        String[] parts = arn.split(":", 6);
        Matcher resource = parts.length == 6 ? RESOURCE.matcher(parts[5]) : null;
        if (resource == null || !resource.matches() || !parts[0].equals("arn") || !parts[2].equals("kinesis")) {
            throw new InvalidArgumentException("Invalid ResourceARN " + arn + ".");
        }
        String streamArn = String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4])
                + ":stream/" + resource.group(1);
        return new ResourceArn(arn, StreamRegistry.keyOf(context, new ByArn(streamArn)), resource.group(2));
    }

    /** The stream this ARN names, or whose consumer it names. */
    Stream requireStream(StreamRegistry registry) {
        return registry.require(stream);
    }

    /** The resource's tags in {@code metadata}. */
    Map<String, String> tags(StreamRegistry registry, StreamMetadata metadata) {
        return consumerName == null ? metadata.settings().tags() : consumer(registry, metadata).tags();
    }

    /** {@code metadata} with the resource's tags replaced. */
    StreamMetadata withTags(StreamRegistry registry, StreamMetadata metadata, Map<String, String> tags) {
        return consumerName == null ? metadata.withSettings(metadata.settings().withTags(tags))
                : replace(metadata, consumer(registry, metadata), consumer(registry, metadata).withTags(tags));
    }

    /** The resource's policy in {@code metadata}, or {@code null}. */
    String policy(StreamRegistry registry, StreamMetadata metadata) {
        return consumerName == null ? metadata.settings().resourcePolicy()
                : consumer(registry, metadata).resourcePolicy();
    }

    /** {@code metadata} with the resource's policy replaced ({@code null}: none). */
    StreamMetadata withPolicy(StreamRegistry registry, StreamMetadata metadata, String policy) {
        return consumerName == null ? metadata.withSettings(metadata.settings().withResourcePolicy(policy))
                : replace(metadata, consumer(registry, metadata),
                        consumer(registry, metadata).withResourcePolicy(policy));
    }

    private ConsumerMetadata consumer(StreamRegistry registry, StreamMetadata metadata) {
        for (ConsumerMetadata consumer : metadata.consumers()) {
            if (consumer.arn(metadata).equals(arn) && registry.status(consumer) != null
                    && consumer.deletingSinceMillis() == null) {
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
