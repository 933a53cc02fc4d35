package dev.freshet.streams;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The 128-bit hash key space: partition keys map to keys by MD5, and shards own contiguous ranges.
 *
 * <p>Stateless and thread-safe.
 */
final class HashKeys {

    static final BigInteger SPACE = BigInteger.ONE.shiftLeft(128);
    static final BigInteger MAX = SPACE.subtract(BigInteger.ONE);

    private HashKeys() {}

    /** The hash key of a partition key: its UTF-8 bytes' MD5, read as an unsigned big-endian number. */
    static BigInteger of(String partitionKey) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return new BigInteger(1, md5.digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides MD5", e);
        }
    }

    /**
     * Splits the key space into {@code count} ranges as AWS does when it creates a stream: each but
     * the last spans {@code floor(2^128 / count)} keys; the last takes the remainder.
     */
    static List<Range> split(int count) {
        BigInteger size = SPACE.divide(BigInteger.valueOf(count));
        List<Range> ranges = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BigInteger start = size.multiply(BigInteger.valueOf(i));
            BigInteger end = i == count - 1 ? MAX : start.add(size).subtract(BigInteger.ONE);
            ranges.add(new Range(start, end));
        }
        return ranges;
    }

    /** An inclusive range of hash keys. */
    record Range(BigInteger start, BigInteger end) {

        boolean contains(BigInteger key) {
            return start.compareTo(key) <= 0 && key.compareTo(end) <= 0;
        }
    }
}
