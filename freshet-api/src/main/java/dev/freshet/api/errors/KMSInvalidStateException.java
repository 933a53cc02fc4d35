package dev.freshet.api.errors;

/** The AWS error {@code KMSInvalidStateException}. */
public final class KMSInvalidStateException extends KinesisException {

    public KMSInvalidStateException(String message) {
        super(message);
    }
}
