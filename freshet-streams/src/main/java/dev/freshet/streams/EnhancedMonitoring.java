package dev.freshet.streams;

import dev.freshet.api.DisableEnhancedMonitoringRequest;
import dev.freshet.api.EnableEnhancedMonitoringRequest;
import dev.freshet.api.EnhancedMetrics;
import dev.freshet.api.EnhancedMonitoringResponse;
import dev.freshet.api.RequestContext;
import dev.freshet.api.StreamAddressed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * EnableEnhancedMonitoring and DisableEnhancedMonitoring: which shard-level metrics a stream
 * publishes. {@code ALL} stands for the seven metrics and is stored and shown expanded. Both answer
 * the metrics before the change as {@code CurrentShardLevelMetrics} and after it as
 * {@code DesiredShardLevelMetrics}; lists are always in {@link #METRICS} order, whatever order the
 * request gave. Enabling one already enabled, or disabling one that is not, changes nothing. The
 * stream must be ACTIVE and stays so. No metric is actually published: there is no CloudWatch.
 *
 * <p>Thread-safe; changes go through the {@link StreamRegistry}.
 */
final class EnhancedMonitoring {

    static final String ALL = "ALL";

    /** The shard-level metrics, in the service model's order. */
    static final List<String> METRICS = List.of("IncomingBytes", "IncomingRecords", "OutgoingBytes",
            "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded",
            "IteratorAgeMilliseconds");

    private final StreamRegistry registry;

    EnhancedMonitoring(StreamRegistry registry) {
        this.registry = registry;
    }

    EnhancedMonitoringResponse enable(RequestContext context, EnableEnhancedMonitoringRequest request)
            throws IOException {
        return change(context, request, request.shardLevelMetrics(), true);
    }

    EnhancedMonitoringResponse disable(RequestContext context, DisableEnhancedMonitoringRequest request)
            throws IOException {
        return change(context, request, request.shardLevelMetrics(), false);
    }

    /** DescribeStream's and DescribeStreamSummary's {@code EnhancedMonitoring}: one entry, maybe empty. */
    static List<EnhancedMetrics> view(StreamSettings settings) {
        return List.of(new EnhancedMetrics(settings.shardLevelMetrics()));
    }

    private EnhancedMonitoringResponse change(RequestContext context, StreamAddressed request,
            Collection<String> metrics, boolean enable) throws IOException {
        StreamKey key = StreamRegistry.keyOf(context, request);
        Stream stream = registry.require(key);
        // The metrics before the change, as the serialized change saw them (not as a racing reader would).
        List<List<String>> before = new ArrayList<>(1);
        StreamMetadata after = registry.change(stream, current -> {
            StatusRules.requireActive(registry, stream, key);
            Set<String> enabled = new HashSet<>(current.settings().shardLevelMetrics());
            Collection<String> named = metrics.contains(ALL) ? METRICS : metrics;
            if (enable) {
                enabled.addAll(named);
            } else {
                enabled.removeAll(named);
            }
            List<String> next = ordered(enabled);
            before.add(current.settings().shardLevelMetrics());
            return next.equals(current.settings().shardLevelMetrics())
                    ? current : current.withSettings(current.settings().withShardLevelMetrics(next));
        });
        return new EnhancedMonitoringResponse(after.name(), before.get(0),
                after.settings().shardLevelMetrics(), after.arn());
    }

    private static List<String> ordered(Set<String> metrics) {
        List<String> ordered = new ArrayList<>();
        for (String metric : METRICS) {
            if (metrics.contains(metric)) {
                ordered.add(metric);
            }
        }
        return ordered;
    }
}
