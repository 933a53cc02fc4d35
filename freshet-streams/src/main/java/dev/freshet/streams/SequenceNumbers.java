package dev.freshet.streams;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Kinesis sequence numbers: 56-digit decimal strings that encode where a record lives.
 *
 * <pre>
 * bit 185        marker, always 1: every number lies in [2^185, 2^186), so it has exactly 56
 *                decimal digits and string order equals numeric order
 * bits 181..184  format version (2)
 * bits 141..180  shard index (40 bits): the NNN of shardId-NNN
 * bits  77..140  position (64 bits, unsigned): 0 is the shard's start, before any record (its
 *                StartingSequenceNumber); the record at log offset o has position o + 1
 * bits  45..76   stream tag (32 bits): a hash of the stream id, to tell another stream's numbers
 * bits   0..44   zero
 * </pre>
 *
 * <p>Within a shard, numbers grow with the offset. Shard indexes grow as a stream reshards, so a
 * child shard's numbers are all greater than its parents'. A number locates its record directly:
 * the position is an index into the shard log. As on AWS, a shard's StartingSequenceNumber is no
 * record's number, so a consumer resuming AFTER_SEQUENCE_NUMBER from it (as the KCL does from a
 * SubscribeToShard event with no records yet) misses nothing. Version 1 numbers (position = offset)
 * are refused rather than misread.
 *
 * <p>Stateless and thread-safe.
 */
final class SequenceNumbers {

    static final int VERSION = 2;
    static final int DIGITS = 56;
    /** Where the position starts: one position more adds 2^77 to the number. */
    static final int POSITION_SHIFT = 77;
    /** Six 32-bit limbs hold the 186 bits, most significant first. */
    private static final int LIMBS = 6;
    private static final long CHUNK = 1_000_000_000L;
    private static final BigInteger MARKER = BigInteger.ONE.shiftLeft(185);
    private static final BigInteger UPPER = BigInteger.ONE.shiftLeft(186);
    private static final BigInteger LONG_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final long SHARD_MASK = (1L << 40) - 1;

    private SequenceNumbers() {}

    /** A decoded sequence number (of {@link #VERSION}: others do not decode). */
    record Decoded(long shardIndex, long position, int streamTag) {

        /** The log offset AT_SEQUENCE_NUMBER starts at: this record's, or 0 for the shard's start. */
        long atOffset() {
            return position == 0 ? 0 : position - 1;
        }

        /** The log offset AFTER_SEQUENCE_NUMBER starts at: the next record's. */
        long afterOffset() {
            return position;
        }
    }

    /** The number of the record at log offset {@code offset}. */
    static String ofRecord(long shardIndex, long offset, int streamTag) {
        return format(shardIndex, offset + 1, streamTag);
    }

    /** A shard's StartingSequenceNumber: below every record's number in it. */
    static String shardStart(long shardIndex, int streamTag) {
        return format(shardIndex, 0, streamTag);
    }

    /**
     * The number of a record, in decimal. Built from six 32-bit limbs and divided down nine digits at a
     * time rather than through {@link BigInteger}: this runs once per record put and read, and the
     * allocation-free form costs a fraction of it.
     */
    static String format(long shardIndex, long position, int streamTag) {
        byte[] digits = new byte[DIGITS];
        formatInto(shardIndex, position, streamTag, digits);
        return new String(digits, StandardCharsets.ISO_8859_1);
    }

    /** Writes the 56 ASCII digits of a number into {@code digits}. */
    static void formatInto(long shardIndex, long position, int streamTag, byte[] digits) {
        int[] limbs = new int[LIMBS];
        or(limbs, 1, 185);
        or(limbs, VERSION, 181);
        or(limbs, shardIndex & SHARD_MASK, 141);
        or(limbs, position, POSITION_SHIFT);
        or(limbs, Integer.toUnsignedLong(streamTag), 45);
        int next = DIGITS;
        while (next > 0) {
            long remainder = 0;
            for (int i = 0; i < LIMBS; i++) {
                long current = (remainder << 32) | (limbs[i] & 0xFFFF_FFFFL);
                limbs[i] = (int) (current / CHUNK);
                remainder = current % CHUNK;
            }
            for (int d = 0; d < 9 && next > 0; d++) {
                digits[--next] = (byte) ('0' + remainder % 10);
                remainder /= 10;
            }
        }
    }

    /** ORs the 64 bits of {@code value} (unsigned) into {@code limbs} at bit {@code shift}. */
    private static void or(int[] limbs, long value, int shift) {
        while (value != 0) {
            int within = shift & 31;
            limbs[LIMBS - 1 - (shift >>> 5)] |= (int) (value << within);
            int taken = 32 - within;
            value >>>= taken;
            shift += taken;
        }
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
        long position = value.shiftRight(77).and(LONG_MASK).longValue();
        int streamTag = value.shiftRight(45).intValue();
        return new Decoded(shardIndex, position, streamTag);
    }

    /** The 32-bit tag of a stream id, stored in its sequence numbers. */
    static int streamTag(String streamId) {
        return streamId.hashCode();
    }
}
