package dev.freshet.api.errors;

/**
 * An error that the Kinesis API defines, carrying the message a client sees.
 *
 * <p>Each AWS error type is one final subclass in this package, named exactly as its {@code __type}
 * on the wire; the constructor is package-private so the set of errors stays closed. How each maps
 * to an HTTP status and body is decided in one place, by the protocol layer.
 *
 * <p>Immutable and thread-safe. Stack traces are not captured: these are answers to clients, not
 * bugs, and they are thrown on hot paths.
 */
public abstract class KinesisException extends RuntimeException {

    KinesisException(String message) {
        super(message, null, false, false);
    }

    /** The AWS error type, as sent in {@code __type}. */
    public final String errorType() {
        return getClass().getSimpleName();
    }
}
