package dev.freshet.api.errors;

import java.util.List;

/**
 * One failed constraint of a request member, worded as AWS words it inside a
 * {@link ValidationException} message: {@code Value '<value>' at '<path>' failed to satisfy
 * constraint: <constraint>}.
 *
 * @param value the member's value as AWS renders it, or {@code null} for an absent member (rendered
 *     {@code Value null}, without quotes)
 * @param path the member's path: lowerCamel member names joined by {@code .}, list elements as
 *     {@code records.1.member} (1-based)
 * @param constraint for example {@code Member must not be null}
 */
public record Violation(String value, String path, String constraint) {

    @Override
    public String toString() {
        String rendered = value == null ? "null" : "'" + value + "'";
        return "Value " + rendered + " at '" + path + "' failed to satisfy constraint: " + constraint;
    }

    /** AWS lists at most this many violations, and counts only those it lists. */
    public static final int MAX_REPORTED = 10;

    /** The {@link ValidationException} reporting the first {@value #MAX_REPORTED} {@code violations}. */
    public static ValidationException exception(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("no violations");
        }
        violations = violations.subList(0, Math.min(violations.size(), MAX_REPORTED));
        StringBuilder message = new StringBuilder()
                .append(violations.size())
                .append(violations.size() == 1 ? " validation error detected: " : " validation errors detected: ");
        for (int i = 0; i < violations.size(); i++) {
            if (i > 0) {
                message.append("; ");
            }
            message.append(violations.get(i));
        }
        return new ValidationException(message.toString());
    }

    /** How AWS's Java services render a blob value: {@code java.nio.HeapByteBuffer[pos=0 lim=N cap=N]}. */
    public static String blob(int length) {
        return "java.nio.HeapByteBuffer[pos=0 lim=" + length + " cap=" + length + "]";
    }
}
