package dev.freshet.streams;

import dev.freshet.api.Empty;
import dev.freshet.api.EncryptionType;
import dev.freshet.api.RequestContext;
import dev.freshet.api.StartStreamEncryptionRequest;
import dev.freshet.api.StopStreamEncryptionRequest;
import dev.freshet.api.errors.InvalidArgumentException;
import java.io.IOException;

/**
 * StartStreamEncryption and StopStreamEncryption: the stream's server-side encryption state, shown
 * by DescribeStream and DescribeStreamSummary. Like AWS, both need an ACTIVE stream and leave it
 * UPDATING for the configured update delay, then ACTIVE. Starting again with another key switches
 * keys; stopping names the key in use.
 *
 * <p>Only the state is kept: records are not encrypted at rest yet, and no KMS is consulted, so every
 * key id is taken as an existing, usable key (the KMS errors of the model are never raised).
 *
 * <p>Thread-safe; changes go through the {@link StreamRegistry}.
 */
final class Encryption {

    private final StreamRegistry registry;

    Encryption(StreamRegistry registry) {
        this.registry = registry;
    }

    Empty start(RequestContext context, StartStreamEncryptionRequest request) throws IOException {
        StreamKey key = StreamRegistry.keyOf(context, request);
        Stream stream = registry.require(key);
        registry.change(stream, current -> {
            StatusRules.requireActive(registry, stream, key);
            requireKms(request.encryptionType());
            return registry.updating(current.withSettings(
                    current.settings().withEncryption(EncryptionType.KMS, request.keyId())));
        });
        return new Empty();
    }

    Empty stop(RequestContext context, StopStreamEncryptionRequest request) throws IOException {
        StreamKey key = StreamRegistry.keyOf(context, request);
        Stream stream = registry.require(key);
        registry.change(stream, current -> {
            StatusRules.requireActive(registry, stream, key);
            requireKms(request.encryptionType());
            StreamSettings settings = current.settings();
            if (settings.encryptionType() != EncryptionType.KMS) {
                throw new InvalidArgumentException("Stream " + key.name() + " under account " + key.accountId()
                        + " is not encrypted.");
            }
            if (!settings.keyId().equals(request.keyId())) {
                throw new InvalidArgumentException("The KeyId " + request.keyId() + " does not match the KeyId "
                        + "used to encrypt stream " + key.name() + " under account " + key.accountId() + ".");
            }
            return registry.updating(current.withSettings(settings.withEncryption(EncryptionType.NONE, null)));
        });
        return new Empty();
    }

    private static void requireKms(EncryptionType type) {
        if (type != EncryptionType.KMS) {
            throw new InvalidArgumentException("Invalid EncryptionType " + type + ". KMS is the only encryption "
                    + "type supported.");
        }
    }
}
