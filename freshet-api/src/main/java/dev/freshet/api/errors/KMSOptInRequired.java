package dev.freshet.api.errors;

/** The AWS error {@code KMSOptInRequired}. */
public final class KMSOptInRequired extends KinesisException {

    public KMSOptInRequired(String message) {
        super(message);
    }
}
