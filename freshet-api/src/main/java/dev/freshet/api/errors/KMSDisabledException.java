package dev.freshet.api.errors;

/** The AWS error {@code KMSDisabledException}. */
public final class KMSDisabledException extends KinesisException {

    public KMSDisabledException(String message) {
        super(message);
    }
}
