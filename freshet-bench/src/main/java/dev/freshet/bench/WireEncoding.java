package dev.freshet.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.util.Locale;

/**
 * The two encodings of the Kinesis protocol the load generator can speak: AWS JSON 1.1 (what the AWS
 * CLI and boto3 send) and CBOR 1.1 (the AWS SDK for Java's default).
 *
 * <p>Thread-safe: Jackson factories are immutable once built and hand out a new generator or parser
 * per call.
 */
enum WireEncoding {

    JSON("application/x-amz-json-1.1", new JsonFactory()),
    CBOR("application/x-amz-cbor-1.1", new CBORFactory());

    private final String contentType;
    private final JsonFactory factory;

    WireEncoding(String contentType, JsonFactory factory) {
        this.contentType = contentType;
        this.factory = factory;
    }

    String contentType() {
        return contentType;
    }

    /** Streaming generator and parser factory; blobs are base64 strings in JSON, byte strings in CBOR. */
    JsonFactory factory() {
        return factory;
    }

    /** The lower-case name used on the command line and in reports. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static WireEncoding parse(String value) {
        for (WireEncoding encoding : values()) {
            if (encoding.label().equals(value.toLowerCase(Locale.ROOT))) {
                return encoding;
            }
        }
        throw new IllegalArgumentException("--format must be json or cbor: " + value);
    }
}
