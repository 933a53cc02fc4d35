package dev.freshet.streams;

import dev.freshet.api.Empty;
import dev.freshet.api.RequestContext;
import dev.freshet.api.UpdateMaxRecordSizeRequest;
import java.io.IOException;

/**
 * UpdateMaxRecordSize: the largest record a stream accepts, 1024 to 10240 KiB (the service model's
 * range, so the protocol layer refuses others with AWS's ValidationException). Writers check each
 * record against {@link StreamSettings#maxRecordBytes()} of the metadata in effect, so the new limit
 * holds from the next put. The stream must be ACTIVE and stays so.
 *
 * <p>Thread-safe; changes go through the {@link StreamRegistry}.
 */
final class RecordSizeLimit {

    private final StreamRegistry registry;

    RecordSizeLimit(StreamRegistry registry) {
        this.registry = registry;
    }

    Empty update(RequestContext context, UpdateMaxRecordSizeRequest request) throws IOException {
        StreamKey key = StreamRegistry.keyOf(context, request);
        Stream stream = registry.require(key);
        int kib = request.maxRecordSizeInKiB();
        registry.change(stream, current -> {
            StatusRules.requireActive(registry, stream, key);
            return kib == current.settings().maxRecordSizeInKiB()
                    ? current : current.withSettings(current.settings().withMaxRecordSizeInKiB(kib));
        });
        return new Empty();
    }
}
