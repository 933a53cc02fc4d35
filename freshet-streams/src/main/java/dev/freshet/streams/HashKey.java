package dev.freshet.streams;

import java.math.BigInteger;

/**
 * A 128-bit hash key as two unsigned 64-bit halves: what a record is routed by. Routing compares
 * these rather than {@link BigInteger}s because it runs once per record put.
 *
 * <p>Immutable and thread-safe.
 *
 * @param high bits 64..127, unsigned
 * @param low bits 0..63, unsigned
 */
record HashKey(long high, long low) implements Comparable<HashKey> {

    private static final BigInteger LOW_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** {@code key}, which must be in {@code [0, 2^128)}. */
    static HashKey of(BigInteger key) {
        return new HashKey(key.shiftRight(64).longValue(), key.and(LOW_MASK).longValue());
    }

    BigInteger toBigInteger() {
        return new BigInteger(Long.toUnsignedString(high)).shiftLeft(64)
                .or(new BigInteger(Long.toUnsignedString(low)));
    }

    @Override
    public int compareTo(HashKey other) {
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }
}
