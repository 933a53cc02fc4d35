package dev.freshet.streams;

import java.math.BigInteger;

/**
 * Kinesis sequence numbers: 56-digit decimal strings that encode where a record lives.
 *
 * <pre>
 * bit 185        marker, always 1: every number lies in [2^185, 2^186), so it has exactly 56
 *                decimal digits and string order equals numeric order
 * bits 181..184  format version (1)
 * bits 141..180  shard index (40 bits): the NNN of shardId-NNN
 * bits  77..140  offset of the record in its shard log (64 bits, unsigned)
 * bits  45..76   stream tag (32 bits): a hash of the stream id, to tell another stream's numbers
 * bits   0..44   zero
 * </pre>
 *
 * <p>Within a shard, numbers grow with the offset. Shard indexes grow as a stream reshards, so a
 * child shard's numbers are all greater than its parents'. A number locates its record directly:
 * the offset is an index into the shard log.
 *
 * <p>Stateless and thread-safe.
 */
final class SequenceNumbers {

    static final int VERSION = 1;
    private static final BigInteger MARKER = BigInteger.ONE.shiftLeft(185);
    private static final BigInteger UPPER = BigInteger.ONE.shiftLeft(186);
    private static final BigInteger LONG_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final long SHARD_MASK = (1L << 40) - 1;

    private SequenceNumbers() {}

    /** A decoded sequence number (of {@link #VERSION}: others do not decode). */
    record Decoded(long shardIndex, long offset, int streamTag) {}

    static String format(long shardIndex, long offset, int streamTag) {
        BigInteger value = MARKER
                .or(BigInteger.valueOf(VERSION).shiftLeft(181))
                .or(BigInteger.valueOf(shardIndex & SHARD_MASK).shiftLeft(141))
                .or(new BigInteger(Long.toUnsignedString(offset)).shiftLeft(77))
                .or(BigInteger.valueOf(Integer.toUnsignedLong(streamTag)).shiftLeft(45));
        return value.toString();
    }

    /**
     * Decodes {@code text}, or returns {@code null} if it is not a sequence number this server could
     * have issued (wrong length, marker, version or padding).
     */
    static Decoded parse(String text) {
        if (text == null || text.length() != 56) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        BigInteger value = new BigInteger(text);
        if (value.compareTo(MARKER) < 0 || value.compareTo(UPPER) >= 0) {
            return null;
        }
        int version = value.shiftRight(181).intValue() & 0xF;
        if (version != VERSION || value.getLowestSetBit() >= 0 && value.getLowestSetBit() < 45) {
            return null;
        }
        long shardIndex = value.shiftRight(141).longValue() & SHARD_MASK;
        long offset = value.shiftRight(77).and(LONG_MASK).longValue();
        int streamTag = value.shiftRight(45).intValue();
        return new Decoded(shardIndex, offset, streamTag);
    }

    /** The 32-bit tag of a stream id, stored in its sequence numbers. */
    static int streamTag(String streamId) {
        return streamId.hashCode();
    }
}
