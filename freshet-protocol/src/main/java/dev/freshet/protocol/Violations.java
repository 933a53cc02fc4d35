package dev.freshet.protocol;

import dev.freshet.api.errors.ValidationException;
import dev.freshet.api.errors.Violation;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Collects {@link Violation}s into AWS's {@code ValidationException}, so that checks made outside
 * the model (the stream's record size limit, say) read exactly like the model's own. It adds to
 * {@link Violation#exception} what AWS also does: rendering of values, and the cap of ten:
 *
 * <pre>{@code
 * throw Violations.of("data", bytes, Violations.lengthAtMost(1_048_576));
 * // 1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]'
 * //   at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576
 * }</pre>
 *
 * <p>Values are rendered as AWS's Java renders them: {@code null} bare, strings and numbers quoted,
 * byte arrays and buffers as {@code java.nio.HeapByteBuffer[pos=0 lim=N cap=N]}, lists as
 * {@code [a, b]}, maps as {@code {k=v}}. Like AWS, at most {@value #MAX_REPORTED} violations are
 * reported, and the count in the message is the number reported.
 *
 * <p>Not thread-safe: an instance collects one request's violations on one thread.
 */
public final class Violations {

    /** AWS stops listing violations after this many. */
    public static final int MAX_REPORTED = Violation.MAX_REPORTED;

    private final List<Violation> reported = new ArrayList<>();

    private Violations() {
    }

    /** An empty collection of violations. */
    public static Violations create() {
        return new Violations();
    }

    /** The exception for a single violation. */
    public static ValidationException of(String path, Object value, String constraint) {
        return create().add(path, value, constraint).toException();
    }

    /**
     * Records that {@code value} at {@code path} (AWS's dotted lowerCamel path, e.g.
     * {@code records.3.member.data}) fails {@code constraint} (e.g. {@link #lengthAtMost(long)}).
     * Ignored once {@value #MAX_REPORTED} are recorded.
     */
    public Violations add(String path, Object value, String constraint) {
        return add(new Violation(render(value), path, constraint));
    }

    /** Records a violation whose value is already rendered. Ignored once {@value #MAX_REPORTED} are recorded. */
    public Violations add(Violation violation) {
        if (!isFull()) {
            reported.add(violation);
        }
        return this;
    }

    /** The violations recorded so far, at most {@value #MAX_REPORTED}. */
    public List<Violation> violations() {
        return List.copyOf(reported);
    }

    /** True if no violation was recorded. */
    public boolean isEmpty() {
        return reported.isEmpty();
    }

    /** AWS's message, e.g. {@code 2 validation errors detected: <first>; <second>}. */
    public String message() {
        return toException().getMessage();
    }

    /** The exception carrying {@link #message()}. */
    public ValidationException toException() {
        if (reported.isEmpty()) {
            throw new IllegalStateException("No violation was recorded");
        }
        return Violation.exception(reported);
    }

    /** {@code Member must not be null}. */
    public static String notNull() {
        return "Member must not be null";
    }

    /** {@code Member must have length greater than or equal to N}: strings, blobs, lists, maps. */
    public static String lengthAtLeast(long min) {
        return "Member must have length greater than or equal to " + min;
    }

    /** {@code Member must have length less than or equal to N}: strings, blobs, lists, maps. */
    public static String lengthAtMost(long max) {
        return "Member must have length less than or equal to " + max;
    }

    /** {@code Member must have value greater than or equal to N}: numbers. */
    public static String valueAtLeast(long min) {
        return "Member must have value greater than or equal to " + min;
    }

    /** {@code Member must have value less than or equal to N}: numbers. */
    public static String valueAtMost(long max) {
        return "Member must have value less than or equal to " + max;
    }

    /** {@code Member must satisfy regular expression pattern: P}. */
    public static String matching(String pattern) {
        return "Member must satisfy regular expression pattern: " + pattern;
    }

    /** {@code Member must satisfy enum value set: [A, B]}. */
    public static String oneOf(Collection<String> values) {
        return "Member must satisfy enum value set: [" + String.join(", ", values) + "]";
    }

    /** True once {@value #MAX_REPORTED} violations are recorded, so callers can stop looking. */
    boolean isFull() {
        return reported.size() >= MAX_REPORTED;
    }

    /** Records a violation whose value the caller rendered; {@code null} means the value is absent. */
    Violations addRendered(String path, String renderedValue, String constraint) {
        return add(new Violation(renderedValue, path, constraint));
    }

    /** Renders a Java value as AWS does, or returns null for null. */
    static String render(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return Violation.blob(bytes.length);
        }
        if (value instanceof ByteBuffer buffer) {
            return Violation.blob(buffer.remaining());
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof Collection<?> items) {
            StringJoiner joined = new StringJoiner(", ", "[", "]");
            items.forEach(item -> joined.add(String.valueOf(render(item))));
            return joined.toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringJoiner joined = new StringJoiner(", ", "{", "}");
            map.forEach((k, v) -> joined.add(render(k) + "=" + render(v)));
            return joined.toString();
        }
        return String.valueOf(value);
    }
}
