package dev.freshet.api.errors;

/** The AWS error {@code ExpiredNextTokenException}. */
public final class ExpiredNextTokenException extends KinesisException {

    public ExpiredNextTokenException(String message) {
        super(message);
    }
}
