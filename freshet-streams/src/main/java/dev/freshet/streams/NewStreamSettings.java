package dev.freshet.streams;

import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.RequestContext;
import dev.freshet.api.StreamMode;
import java.util.Map;

/**
 * The settings CreateStream asks for (tags, maximum record size, warm throughput), checked by the
 * same rules as the operations that change them later: {@link TagRules} and {@link WarmThroughput}.
 * The record size range is the service model's, checked before a request gets here.
 *
 * <p>Thread-safe: it holds no state of its own.
 */
final class NewStreamSettings {

    private final WarmThroughput warmThroughput;

    NewStreamSettings(WarmThroughput warmThroughput) {
        this.warmThroughput = warmThroughput;
    }

    StreamSettings of(RequestContext context, CreateStreamRequest request, StreamMode mode) {
        StreamKey key = new StreamKey(context.accountId(), context.region(), request.streamName());
        StreamSettings settings = StreamSettings.defaults();
        if (request.tags() != null) {
            settings = settings.withTags(TagRules.add(Map.of(), request.tags(), key));
        }
        if (request.maxRecordSizeInKiB() != null) {
            settings = settings.withMaxRecordSizeInKiB(request.maxRecordSizeInKiB());
        }
        if (request.warmThroughputMiBps() != null) {
            warmThroughput.check(key, mode, request.warmThroughputMiBps());
            settings = settings.withWarmThroughput(request.warmThroughputMiBps(), null);
        }
        return settings;
    }
}
