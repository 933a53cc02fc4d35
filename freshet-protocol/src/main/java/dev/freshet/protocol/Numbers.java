package dev.freshet.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Truncating numbers as AWS does, safely: a client can send {@code 1e-999999999}, and flooring
 * that with {@link BigDecimal#setScale} would compute a billion-digit power of ten.
 *
 * <p>Stateless and thread-safe.
 */
final class Numbers {

    private Numbers() {
    }

    /** {@code floor(value)} clamped into [min, max], where {@code min <= -1} and {@code max >= 0}. */
    static long floorClamped(BigDecimal value, long min, long max) {
        if (value.compareTo(BigDecimal.valueOf(max)) >= 0) {
            return max;
        }
        if (value.compareTo(BigDecimal.valueOf(min)) <= 0) {
            return min;
        }
        // No integer digits: |value| < 1. Checked first because only such values can carry a huge scale
        // here; in-range values with integer digits have a scale bounded by the parser's number length.
        if (value.precision() - value.scale() <= 0) {
            return value.signum() < 0 ? -1 : 0;
        }
        return value.setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}
