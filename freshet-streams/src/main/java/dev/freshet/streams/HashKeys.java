package dev.freshet.streams;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The 128-bit hash key space: partition keys map to keys by MD5, and shards own contiguous ranges.
 *
 * <p>Thread-safe: nothing is shared between threads but immutable constants; each thread has its own
 * {@link Hasher}.
 */
final class HashKeys {

    static final BigInteger SPACE = BigInteger.ONE.shiftLeft(128);
    static final BigInteger MAX = SPACE.subtract(BigInteger.ONE);

    private HashKeys() {}

    /** One hasher per thread: looking the algorithm up per record costs more than the digest. */
    private static final ThreadLocal<Hasher> HASHERS = ThreadLocal.withInitial(Hasher::new);

    /** This thread's hasher, to take once for all the partition keys of a request. */
    static Hasher hasher() {
        return HASHERS.get();
    }

    /** The hash key of a partition key: its UTF-8 bytes' MD5, read as an unsigned big-endian number. */
    static HashKey keyOf(String partitionKey) {
        return hasher().keyOf(partitionKey.getBytes(StandardCharsets.UTF_8));
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

    /**
     * Hashes partition keys into hash keys with one MD5 and one digest buffer reused for every key, so a
     * request of 500 records makes no garbage for its routing but the keys themselves.
     *
     * <p>Not thread-safe: one per thread, from {@link #hasher()}.
     */
    static final class Hasher {

        private static final VarHandle BIG_ENDIAN_LONG =
                MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

        private final MessageDigest md5;
        private final byte[] digest = new byte[16];

        private Hasher() {
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK provides MD5", e);
            }
        }

        /** The hash key of a partition key given as its UTF-8 bytes. */
        HashKey keyOf(byte[] partitionKeyUtf8) {
            md5.update(partitionKeyUtf8);
            try {
                md5.digest(digest, 0, digest.length);
            } catch (DigestException e) {
                throw new IllegalStateException("MD5 digests are 16 bytes", e);
            }
            return new HashKey((long) BIG_ENDIAN_LONG.get(digest, 0), (long) BIG_ENDIAN_LONG.get(digest, 8));
        }
    }
}
