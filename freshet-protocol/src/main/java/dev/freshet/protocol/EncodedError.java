package dev.freshet.protocol;

/**
 * An error ready for the wire: the HTTP status, the AWS error type (for logs and an
 * {@code x-amzn-ErrorType} header if the server sends one) and the body in the request's encoding.
 *
 * <p>Immutable by convention: the body array is shared, not copied, so callers must not modify it.
 * Thread-safe as long as nobody does.
 *
 * @param status 400 for client errors, 500 for {@code InternalFailureException}
 * @param errorType the {@code __type} in the body, e.g. {@code ResourceNotFoundException}
 * @param body the encoded body
 */
public record EncodedError(int status, String errorType, byte[] body) {
}
