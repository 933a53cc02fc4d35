package dev.freshet.streams;

import java.util.Map;

/**
 * What is stored about one registered (enhanced fan-out) consumer of a stream. Immutable; part of
 * {@link StreamMetadata}. Its status is derived, like a stream's, from these times and the
 * configured create and delete delays (see {@link Lifecycle#status(ConsumerMetadata, long)}).
 *
 * @param name unique among the stream's consumers that are not gone
 * @param createdAtMillis when it was registered; its ARN carries this in epoch seconds, so a consumer
 *     registered again under the same name has another ARN
 * @param deletingSinceMillis when DeregisterStreamConsumer (or DeleteStream) was accepted, or {@code null}
 * @param tags its tags, by key
 * @param resourcePolicy its resource policy document, or {@code null}
 */
record ConsumerMetadata(String name, long createdAtMillis, Long deletingSinceMillis, Map<String, String> tags,
        String resourcePolicy) {

    ConsumerMetadata {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** {@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME/consumer/CONSUMER:EPOCHSECONDS}, as AWS forms it. */
    String arn(StreamMetadata stream) {
        return stream.arn() + "/consumer/" + name + ":" + createdAtMillis / 1000;
    }

    ConsumerMetadata deleting(long nowMillis) {
        return new ConsumerMetadata(name, createdAtMillis, nowMillis, tags, resourcePolicy);
    }

    ConsumerMetadata withTags(Map<String, String> next) {
        return new ConsumerMetadata(name, createdAtMillis, deletingSinceMillis, next, resourcePolicy);
    }

    ConsumerMetadata withResourcePolicy(String next) {
        return new ConsumerMetadata(name, createdAtMillis, deletingSinceMillis, tags, next);
    }
}
