package dev.freshet.streams;

import java.math.BigInteger;
import java.nio.ByteBuffer;
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

    /** One MD5 per thread: looking the algorithm up per record costs more than the digest. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides MD5", e);
        }
    });

    /** The hash key of a partition key: its UTF-8 bytes' MD5, read as an unsigned big-endian number. */
    static HashKey keyOf(String partitionKey) {
        byte[] digest = MD5.get().digest(partitionKey.getBytes(StandardCharsets.UTF_8));
        return new HashKey(ByteBuffer.wrap(digest, 0, 8).getLong(), ByteBuffer.wrap(digest, 8, 8).getLong());
    }

    /** {@link #keyOf} as a number. */
    static BigInteger of(String partitionKey) {
        return keyOf(partitionKey).toBigInteger();
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
    record Range(BigInteger start, BigInteger end) {}
}
