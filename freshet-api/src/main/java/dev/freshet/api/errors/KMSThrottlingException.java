package dev.freshet.api.errors;

/** The AWS error {@code KMSThrottlingException}. */
public final class KMSThrottlingException extends KinesisException {

    public KMSThrottlingException(String message) {
        super(message);
    }
}
