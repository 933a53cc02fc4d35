package dev.freshet.api.errors;

/** The AWS error {@code LimitExceededException}. */
public final class LimitExceededException extends KinesisException {

    public LimitExceededException(String message) {
        super(message);
    }
}
