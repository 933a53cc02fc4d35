package dev.freshet.api.errors;

/** The AWS error {@code UnknownOperationException}. */
public final class UnknownOperationException extends KinesisException {

    public UnknownOperationException(String message) {
        super(message);
    }
}
