package dev.freshet.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The layout of every record the load generator writes, so that a reader can tell which record it got
 * and when it was sent: a 4-byte magic {@code FRB1}, the record's id (8 bytes), the sender's
 * {@link System#nanoTime()} at sending (8 bytes), then filler up to the record size.
 *
 * <p>An id is {@code producer << 40 | sequence}: unique within a phase as long as each producer thread
 * has its own index. The partition key is derived from the id, so keys are distinct and spread evenly
 * over the hash key space.
 *
 * <p>Immutable and thread-safe: the filler template is never written after construction.
 */
final class Payload {

    static final int HEADER_BYTES = 20;
    private static final int MAGIC = 0x46524231; // "FRB1"
    private static final int SEQUENCE_BITS = 40;

    private final int recordBytes;
    private final byte[] filler;

    Payload(int recordBytes) {
        if (recordBytes < HEADER_BYTES) {
            throw new IllegalArgumentException("records must be at least " + HEADER_BYTES + " bytes: " + recordBytes);
        }
        this.recordBytes = recordBytes;
        this.filler = new byte[recordBytes - HEADER_BYTES];
        ThreadLocalRandom.current().nextBytes(filler);
    }

    int recordBytes() {
        return recordBytes;
    }

    static long id(int producer, long sequence) {
        return ((long) producer << SEQUENCE_BITS) | sequence;
    }

    static int producerOf(long id) {
        return (int) (id >>> SEQUENCE_BITS);
    }

    static long sequenceOf(long id) {
        return id & ((1L << SEQUENCE_BITS) - 1);
    }

    static String partitionKey(long id) {
        return Long.toString(id, 36);
    }

    /** A record with this id, stamped with the current {@link System#nanoTime()}. */
    OutgoingRecord record(long id) {
        byte[] data = new byte[recordBytes];
        ByteBuffer.wrap(data).putInt(MAGIC).putLong(id).putLong(System.nanoTime());
        System.arraycopy(filler, 0, data, HEADER_BYTES, filler.length);
        return new OutgoingRecord(partitionKey(id), data);
    }

    /** True if {@code data} has this layout's magic and length. */
    boolean matches(byte[] data) {
        return data.length == recordBytes && ByteBuffer.wrap(data).getInt(0) == MAGIC;
    }

    static long idOf(byte[] data) {
        return ByteBuffer.wrap(data).getLong(4);
    }

    static long sentNanosOf(byte[] data) {
        return ByteBuffer.wrap(data).getLong(12);
    }
}
