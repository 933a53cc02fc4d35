package dev.freshet.api.errors;

/** The AWS error {@code ValidationException}. */
public final class ValidationException extends KinesisException {

    public ValidationException(String message) {
        super(message);
    }
}
