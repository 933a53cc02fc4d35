package dev.freshet.streams;

import dev.freshet.api.DecreaseStreamRetentionPeriodRequest;
import dev.freshet.api.Empty;
import dev.freshet.api.IncreaseStreamRetentionPeriodRequest;
import dev.freshet.api.RequestContext;
import dev.freshet.api.StreamAddressed;
import dev.freshet.api.errors.InvalidArgumentException;
import java.io.IOException;

/**
 * IncreaseStreamRetentionPeriod and DecreaseStreamRetentionPeriod: 24 to 8760 hours, each operation
 * moving only its own way (asking for the current value is accepted by both). The stream stays
 * ACTIVE, as on AWS.
 *
 * <p>The new period takes effect at once on stored data, with no work here: reads skip records
 * older than {@link StreamMetadata#retentionCutoff}, and maintenance deletes segments past it, both
 * against the injected clock.
 *
 * <p>Thread-safe; changes go through the {@link StreamRegistry}.
 */
final class RetentionPeriods {

    static final int MIN_HOURS = 24;
    static final int MAX_HOURS = 8760;

    private final StreamRegistry registry;

    RetentionPeriods(StreamRegistry registry) {
        this.registry = registry;
    }

    Empty increase(RequestContext context, IncreaseStreamRetentionPeriodRequest request) throws IOException {
        change(context, request, request.retentionPeriodHours(), true);
        return new Empty();
    }

    Empty decrease(RequestContext context, DecreaseStreamRetentionPeriodRequest request) throws IOException {
        change(context, request, request.retentionPeriodHours(), false);
        return new Empty();
    }

    private void change(RequestContext context, StreamAddressed request, int hours, boolean increase)
            throws IOException {
        StreamKey key = StreamRegistry.keyOf(context, request);
        Stream stream = registry.require(key);
        registry.change(stream, current -> {
            StatusRules.requireActive(registry, stream, key);
            if (hours < MIN_HOURS) {
                throw new InvalidArgumentException("Minimum allowed retention period is " + MIN_HOURS
                        + " hours. Requested retention period (" + hours + " hours) is too short.");
            }
            if (hours > MAX_HOURS) {
                throw new InvalidArgumentException("Maximum allowed retention period is " + MAX_HOURS
                        + " hours. Requested retention period (" + hours + " hours) is too long.");
            }
            int existing = current.retentionHours();
            if (increase && hours < existing) {
                throw new InvalidArgumentException("Requested retention period (" + hours + " hours) for stream "
                        + key.name() + " can not be shorter than existing retention period (" + existing
                        + " hours). Use DecreaseRetentionPeriod API.");
            }
            if (!increase && hours > existing) {
                throw new InvalidArgumentException("Requested retention period (" + hours + " hours) for stream "
                        + key.name() + " can not be longer than existing retention period (" + existing
                        + " hours). Use IncreaseRetentionPeriod API.");
            }
            return hours == existing ? current : current.withRetentionHours(hours);
        });
    }
}
