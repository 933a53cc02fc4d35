package dev.freshet.api.errors;

/** The AWS error {@code KMSAccessDeniedException}. */
public final class KMSAccessDeniedException extends KinesisException {

    public KMSAccessDeniedException(String message) {
        super(message);
    }
}
