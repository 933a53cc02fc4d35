package dev.freshet.api.errors;

/** The AWS error {@code AccessDeniedException}. */
public final class AccessDeniedException extends KinesisException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
