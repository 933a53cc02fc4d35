package dev.freshet.it;

import dev.freshet.testing.Polling;
import java.time.Duration;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Bounded polling for what a server does in its own time: streams and consumers becoming ACTIVE after
 * the configured delays, reshards settling, shards splitting. Every wait fails the test with what it
 * waited for and what it saw last, rather than letting the test go on and fail somewhere less clear.
 */
final class Waits {

    /** How long a stream or consumer may take to become ACTIVE: far more than any delay the tests set. */
    static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(15);

    private Waits() {}

    /** Waits, as the SDK's waiter does but bounded, until {@code stream} is ACTIVE; returns its summary. */
    static StreamDescriptionSummary streamActive(KinesisClient kinesis, String stream) throws Exception {
        return Polling.until(stream + " ACTIVE", ACTIVE_TIMEOUT,
                () -> kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary(),
                summary -> summary.streamStatus() == StreamStatus.ACTIVE);
    }

    /** Waits until the consumer {@code consumerArn} is ACTIVE; returns its description. */
    static ConsumerDescription consumerActive(KinesisClient kinesis, String consumerArn) throws Exception {
        return Polling.until(consumerArn + " ACTIVE", ACTIVE_TIMEOUT,
                () -> kinesis.describeStreamConsumer(b -> b.consumerARN(consumerArn)).consumerDescription(),
                description -> description.consumerStatus() == ConsumerStatus.ACTIVE);
    }
}
