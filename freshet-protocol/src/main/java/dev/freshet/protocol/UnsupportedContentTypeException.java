package dev.freshet.protocol;

/**
 * A request's {@code Content-Type} names no wire format that Kinesis speaks. The caller decides how
 * to answer it, since AWS's answer depends on more of the request than its body.
 *
 * <p>Immutable and thread-safe.
 */
public final class UnsupportedContentTypeException extends IllegalArgumentException {

    private final String contentType;

    UnsupportedContentTypeException(String contentType) {
        super("Unsupported content type: " + contentType);
        this.contentType = contentType;
    }

    /** The content type as the request gave it (possibly null). */
    public String contentType() {
        return contentType;
    }
}
