package dev.freshet.kcl;

import dev.freshet.testing.Polling;
import java.time.Duration;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** The tests' one wait on the server itself; waits on the KCL poll with {@link Polling} directly. */
final class Waits {

    /** How long a stream may take to become ACTIVE: far more than the delays the tests set. */
    static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(15);

    private Waits() {}

    /** Waits until {@code stream} is ACTIVE; returns its summary. */
    static StreamDescriptionSummary streamActive(KinesisClient kinesis, String stream) throws Exception {
        return Polling.until(stream + " ACTIVE", ACTIVE_TIMEOUT,
                () -> kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary(),
                summary -> summary.streamStatus() == StreamStatus.ACTIVE);
    }
}
