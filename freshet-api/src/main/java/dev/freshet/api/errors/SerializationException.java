package dev.freshet.api.errors;

/** The AWS error {@code SerializationException}. */
public final class SerializationException extends KinesisException {

    public SerializationException(String message) {
        super(message);
    }
}
