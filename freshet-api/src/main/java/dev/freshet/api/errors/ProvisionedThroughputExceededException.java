package dev.freshet.api.errors;

/** The AWS error {@code ProvisionedThroughputExceededException}. */
public final class ProvisionedThroughputExceededException extends KinesisException {

    public ProvisionedThroughputExceededException(String message) {
        super(message);
    }
}
