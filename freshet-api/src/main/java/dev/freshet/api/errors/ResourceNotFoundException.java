package dev.freshet.api.errors;

/** The AWS error {@code ResourceNotFoundException}. */
public final class ResourceNotFoundException extends KinesisException {

    public ResourceNotFoundException(String message) {
        super(message);
    }
}
