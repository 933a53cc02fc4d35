package dev.freshet.protocol;

/**
 * Yes-or-no verdicts of a shape's constraints on one scalar value, for the streaming decoder: it
 * only needs to know whether a value is valid, since it hands every invalid request to the generic
 * path, whose {@link ConstraintChecker} alone words violations. The constraints are read from the
 * model's {@link Shape}, as {@link ConstraintChecker} reads them, so both agree on what is valid.
 *
 * <p>Stateless and thread-safe.
 */
final class ValueChecks {

    private ValueChecks() {
    }

    /** True if {@code text} is in the shape's enum (if any), within its length bounds and matches its pattern. */
    static boolean string(Shape shape, String text) {
        if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
            return false;
        }
        // Length before pattern: a value past its length limit is invalid whatever the pattern says,
        // and must not reach the model's backtracking patterns (see ConstraintChecker).
        return length(shape, text.length()) && (shape.pattern() == null || shape.pattern().matcher(text).matches());
    }

    /** True if a string, blob, list or map of {@code length} is within the shape's length bounds. */
    static boolean length(Shape shape, long length) {
        return withinBounds(shape, length);
    }

    /** True if a number is within the shape's value bounds. */
    static boolean value(Shape shape, long value) {
        return withinBounds(shape, value);
    }

    private static boolean withinBounds(Shape shape, long n) {
        Long min = shape.min();
        Long max = shape.max();
        return (min == null || n >= min) && (max == null || n <= max);
    }
}
