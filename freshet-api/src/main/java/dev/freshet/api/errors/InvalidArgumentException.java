package dev.freshet.api.errors;

/** The AWS error {@code InvalidArgumentException}. */
public final class InvalidArgumentException extends KinesisException {

    public InvalidArgumentException(String message) {
        super(message);
    }
}
