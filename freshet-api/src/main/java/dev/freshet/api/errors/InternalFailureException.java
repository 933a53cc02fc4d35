package dev.freshet.api.errors;

/** The AWS error {@code InternalFailureException}: the server failed, not the request (HTTP 500). */
public final class InternalFailureException extends KinesisException {

    public InternalFailureException(String message) {
        super(message);
    }
}
