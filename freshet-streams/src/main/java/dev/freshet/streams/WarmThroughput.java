package dev.freshet.streams;

import dev.freshet.api.RequestContext;
import dev.freshet.api.StreamMode;
import dev.freshet.api.StreamStatus;
import dev.freshet.api.UpdateStreamWarmThroughputRequest;
import dev.freshet.api.UpdateStreamWarmThroughputResponse;
import dev.freshet.api.WarmThroughputObject;
import dev.freshet.api.errors.LimitExceededException;
import dev.freshet.api.errors.ValidationException;
import java.io.IOException;

/**
 * Warm throughput: the write throughput an on-demand stream is kept ready for, set by CreateStream's
 * {@code WarmThroughputMiBps} and by UpdateStreamWarmThroughput. As on AWS it applies only to
 * ON_DEMAND streams of an account with an active minimum throughput billing commitment
 * ({@link AccountSettings}), up to 10 GiB/s; an update leaves the stream UPDATING for the configured
 * delay, then ACTIVE.
 *
 * <p>The target is stored. The current value is the target once the stream is ACTIVE again; while
 * UPDATING it is what the stream had before; for a stream never warmed it is one MiB/s per open shard
 * (an on-demand shard's write capacity). DescribeStreamSummary shows both only where AWS does: for
 * ON_DEMAND streams of committed accounts. The value is not enforced: writes are not throttled.
 *
 * <p>Thread-safe; changes go through the {@link StreamRegistry}.
 */
final class WarmThroughput {

    /** 10 GiB/s, AWS's default limit for one stream. */
    static final int MAX_MIBPS = 10240;

    private final StreamRegistry registry;
    private final AccountSettings accounts;

    WarmThroughput(StreamRegistry registry, AccountSettings accounts) {
        this.registry = registry;
        this.accounts = accounts;
    }

    UpdateStreamWarmThroughputResponse update(RequestContext context, UpdateStreamWarmThroughputRequest request)
            throws IOException {
        StreamKey key = StreamRegistry.keyOf(context, request);
        Stream stream = registry.require(key);
        int target = request.warmThroughputMiBps();
        StreamMetadata after = registry.change(stream, current -> {
            StatusRules.requireActive(registry, stream, key);
            check(key, current.mode(), target);
            return registry.updating(current.withSettings(
                    current.settings().withWarmThroughput(target, current(current, StreamStatus.ACTIVE))));
        });
        // The current value as the serialized change saw it: stored as the value the stream moves from.
        return new UpdateStreamWarmThroughputResponse(after.arn(), after.name(),
                new WarmThroughputObject(target, after.settings().warmThroughputBeforeMiBps()));
    }

    /** Fails as AWS does unless a stream {@code key} in {@code mode} may be warmed to {@code mibps}. */
    void check(StreamKey key, StreamMode mode, int mibps) {
        if (mode != StreamMode.ON_DEMAND) {
            throw new ValidationException("Request is invalid. Stream " + key.name() + " under account "
                    + key.accountId() + " is in Provisioned mode.");
        }
        if (!accounts.commitmentActive(key.accountId(), key.region())) {
            throw new ValidationException("Request is invalid. Account " + key.accountId() + " does not have "
                    + "MinimumThroughputBillingCommitment enabled in " + key.region() + ".");
        }
        if (mibps > MAX_MIBPS) {
            throw new LimitExceededException("Requested warm throughput of " + mibps + " MiBps for stream "
                    + key.name() + " under account " + key.accountId() + " exceeds the limit of " + MAX_MIBPS
                    + " MiBps.");
        }
    }

    /** DescribeStreamSummary's {@code WarmThroughput}, or {@code null} where AWS shows none. */
    WarmThroughputObject view(StreamMetadata stream, StreamStatus status) {
        if (stream.mode() != StreamMode.ON_DEMAND
                || !accounts.commitmentActive(stream.accountId(), stream.region())) {
            return null;
        }
        return new WarmThroughputObject(stream.settings().warmThroughputMiBps(), current(stream, status));
    }

    private static int current(StreamMetadata stream, StreamStatus status) {
        StreamSettings settings = stream.settings();
        if (status == StreamStatus.UPDATING && settings.warmThroughputBeforeMiBps() != null) {
            return settings.warmThroughputBeforeMiBps();
        }
        if (settings.warmThroughputMiBps() != null) {
            return settings.warmThroughputMiBps();
        }
        return (int) stream.openShardCount();
    }
}
