package dev.freshet.bench;

/**
 * A call the endpoint answered with an error, or that failed on the way (then the type is the Java
 * exception's simple name and the status 0).
 */
final class KinesisCallException extends RuntimeException {

    private final String errorType;
    private final int status;

    KinesisCallException(String operation, String errorType, int status, String message, Throwable cause) {
        super(operation + ": " + errorType + (status > 0 ? " (HTTP " + status + ")" : "")
                + (message == null || message.isEmpty() ? "" : ": " + message), cause);
        this.errorType = errorType;
        this.status = status;
    }

    /** The AWS error type without namespace, e.g. {@code ResourceNotFoundException}. */
    String errorType() {
        return errorType;
    }

    int status() {
        return status;
    }
}
