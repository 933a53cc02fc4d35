package dev.freshet.streams;

import dev.freshet.api.DescribeLimitsResponse;
import dev.freshet.api.Empty;
import dev.freshet.api.RequestContext;
import dev.freshet.api.StreamMode;
import dev.freshet.api.UpdateStreamModeRequest;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.LimitExceededException;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Capacity modes and the account limits: UpdateStreamMode (at most two switches per stream in a
 * rolling day, the stream UPDATING meanwhile) and DescribeLimits. A stream switched to ON_DEMAND
 * keeps its shards; from then on {@link OnDemandScaler} reshapes them.
 *
 * <p>Thread-safe; changes go through {@link StreamRegistry#change}.
 */
final class CapacityModes {

    static final int SWITCHES_PER_DAY = 2;

    private final StreamRegistry registry;
    private final Clock clock;
    private final int shardLimit;
    private final int onDemandStreamLimit;

    CapacityModes(StreamRegistry registry, Clock clock, int shardLimit, int onDemandStreamLimit) {
        this.registry = registry;
        this.clock = clock;
        this.shardLimit = shardLimit;
        this.onDemandStreamLimit = onDemandStreamLimit;
    }

    Empty updateStreamMode(RequestContext context, UpdateStreamModeRequest request) throws IOException {
        StreamKey key = StreamRegistry.keyOf(context, request);
        StreamMode next = request.streamModeDetails().streamMode();
        Stream stream = registry.require(key);
        registry.change(stream, current -> {
            StatusRules.requireActive(registry, stream, key);
            if (current.mode() == next) {
                throw new InvalidArgumentException("Stream " + key.name() + " under account " + key.accountId()
                        + " is already in " + next + " mode.");
            }
            long now = clock.millis();
            List<Long> switches = Resharding.withinLastDay(current.modeSwitchesMillis(), now);
            if (switches.size() >= SWITCHES_PER_DAY) {
                throw new LimitExceededException("Stream " + key.name() + " under account " + key.accountId()
                        + " has already switched capacity mode " + SWITCHES_PER_DAY
                        + " times in the last 24 hours, the most AWS allows in a rolling 24-hour period.");
            }
            if (next == StreamMode.ON_DEMAND) {
                requireOnDemandCapacity(key.accountId(), key.region());
            }
            switches.add(now);
            return registry.updating(current.withMode(next, switches));
        });
        return new Empty();
    }

    DescribeLimitsResponse describeLimits(RequestContext context) {
        return new DescribeLimitsResponse(shardLimit,
                (int) registry.openShards(context.accountId(), context.region()),
                onDemandStreams(context.accountId(), context.region()), onDemandStreamLimit);
    }

    /** Fails as AWS does if one more ON_DEMAND stream would pass the account's limit. */
    void requireOnDemandCapacity(String accountId, String region) {
        int count = onDemandStreams(accountId, region);
        if (count >= onDemandStreamLimit) {
            throw new LimitExceededException("This request would exceed the on-demand stream count limit for the "
                    + "account " + accountId + " in " + region + ". Current on-demand stream count for the account: "
                    + count + ". Limit: " + onDemandStreamLimit + ".");
        }
    }

    private int onDemandStreams(String accountId, String region) {
        int count = 0;
        for (Stream stream : registry.streams(accountId, region)) {
            if (stream.metadata().mode() == StreamMode.ON_DEMAND) {
                count++;
            }
        }
        return count;
    }
}
