package dev.freshet.api.errors;

/** The AWS error {@code ResourceInUseException}. */
public final class ResourceInUseException extends KinesisException {

    public ResourceInUseException(String message) {
        super(message);
    }
}
