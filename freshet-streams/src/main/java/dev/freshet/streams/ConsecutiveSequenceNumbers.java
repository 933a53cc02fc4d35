package dev.freshet.streams;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The sequence numbers of one shard's records, formatted fastest when asked in ascending consecutive
 * offsets, as a PutRecords answer and a read batch ask for them: the first number is divided down
 * to decimal ({@link SequenceNumbers#formatInto}), each next one is the previous plus one position,
 * 2^77, added digit by digit — a few dozen additions instead of dozens of long divisions.
 *
 * <p>Not thread-safe: one instance per batch.
 */
final class ConsecutiveSequenceNumbers {

    /** 2^77 in decimal, right-aligned in 56 digits (0..9, not ASCII). */
    private static final byte[] STEP = step();
    /** Digits left of these are zero in {@link #STEP}: past them only a carry can change anything. */
    private static final int STEP_FIRST_DIGIT = firstNonZero(STEP);

    private final long shardIndex;
    private final int streamTag;
    private final byte[] digits = new byte[SequenceNumbers.DIGITS];
    /** The position whose number {@link #digits} holds; -1 before the first. */
    private long position = -1;

    ConsecutiveSequenceNumbers(long shardIndex, int streamTag) {
        this.shardIndex = shardIndex;
        this.streamTag = streamTag;
    }

    /** The number of the record at log offset {@code offset}. */
    String ofRecord(long offset) {
        long wanted = offset + 1;
        if (position >= 0 && wanted == position + 1) {
            addStep();
        } else {
            SequenceNumbers.formatInto(shardIndex, wanted, streamTag, digits);
        }
        position = wanted;
        return new String(digits, StandardCharsets.ISO_8859_1);
    }

    private void addStep() {
        int carry = 0;
        for (int i = digits.length - 1; i >= 0; i--) {
            if (i < STEP_FIRST_DIGIT && carry == 0) {
                return;
            }
            int sum = digits[i] - '0' + STEP[i] + carry;
            carry = sum >= 10 ? 1 : 0;
            digits[i] = (byte) ('0' + sum - 10 * carry);
        }
    }

    private static byte[] step() {
        String decimal = BigInteger.ONE.shiftLeft(SequenceNumbers.POSITION_SHIFT).toString();
        byte[] step = new byte[SequenceNumbers.DIGITS];
        int at = step.length - decimal.length();
        for (int i = 0; i < decimal.length(); i++) {
            step[at + i] = (byte) (decimal.charAt(i) - '0');
        }
        return step;
    }

    private static int firstNonZero(byte[] digits) {
        int i = 0;
        while (digits[i] == 0) {
            i++;
        }
        return i;
    }
}
