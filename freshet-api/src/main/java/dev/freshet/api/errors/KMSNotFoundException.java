package dev.freshet.api.errors;

/** The AWS error {@code KMSNotFoundException}. */
public final class KMSNotFoundException extends KinesisException {

    public KMSNotFoundException(String message) {
        super(message);
    }
}
