package dev.freshet.streams;

import dev.freshet.api.RequestContext;
import dev.freshet.api.StreamAddressed;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.ResourceNotFoundException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource a {@code ResourceARN} names: a stream,
 * {@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME}, or one of its consumers,
 * {@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME/consumer/CONSUMER:EPOCH}. Account and region
 * are checked as for a {@code StreamARN} (see {@link StreamRegistry#keyOf(RequestContext, StreamAddressed)}).
 *
 * <p>Consumers (RegisterStreamConsumer) do not exist yet, so {@link #requireStream} answers every
 * consumer ARN whose stream exists with AWS's ResourceNotFoundException: no consumer can have been
 * registered. The ARN still has to parse, so a malformed one is told apart from a missing one.
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

    /** The stream this ARN names; a consumer ARN names no resource yet (see the class comment). */
    Stream requireStream(StreamRegistry registry) {
        Stream found = registry.require(stream);
        if (consumerName != null) {
            throw new ResourceNotFoundException(
                    "Consumer " + arn + " under account " + stream.accountId() + " not found.");
        }
        return found;
    }
}
