package dev.freshet.protocol;

/**
 * Thrown inside a streaming decoder or encoder when the input is anything but plainly valid and
 * usual, to hand the whole call over to the generic (tree-based) path, which then gives the answer:
 * the value, or the exception with AWS's message. It never escapes the protocol layer.
 *
 * <p>One shared instance without a stack trace: declining is a normal outcome (every invalid
 * request declines), so it must cost no more than a branch.
 *
 * <p>Immutable and thread-safe.
 */
final class FastPathDeclined extends RuntimeException {

    /** The one instance. */
    static final FastPathDeclined INSTANCE = new FastPathDeclined();

    private static final long serialVersionUID = 1L;

    private FastPathDeclined() {
        super("declined by the fast path", null, false, false);
    }
}
