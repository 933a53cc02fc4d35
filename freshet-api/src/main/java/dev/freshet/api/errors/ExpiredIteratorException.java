package dev.freshet.api.errors;

/** The AWS error {@code ExpiredIteratorException}. */
public final class ExpiredIteratorException extends KinesisException {

    public ExpiredIteratorException(String message) {
        super(message);
    }
}
