package dev.freshet.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The on-disk format of one appended batch, the unit of writing, checksumming and recovery.
 *
 * <pre>
 * offset  size  field          (all integers big-endian)
 *      0     4  magic          0x46525348, ASCII "FRSH"
 *      4     1  version        1
 *      5     4  length         bytes of the whole batch, this header included
 *      9     4  crc            CRC32C of bytes [13, length): everything after this field
 *     13     8  baseOffset     offset of the first record; record i has offset baseOffset + i
 *     21     4  recordCount    at least 1
 *     25     8  arrivalMillis  arrival time shared by every record of the batch
 *     33        recordCount records, each:
 *                 2  keyLength   unsigned, bytes of key
 *                 k  key         partition key, UTF-8
 *                 4  dataLength  signed, at least 0
 *                 d  data
 * </pre>
 *
 * <p>Invariants: {@code length == 33 + sum(6 + k + d)}; a segment file is a gap-free sequence of batches
 * starting at position 0, whose first batch's {@code baseOffset} is the segment's base offset (its file
 * name) and where each batch's {@code baseOffset} is the previous one's plus its {@code recordCount};
 * {@code arrivalMillis} never decreases along a log. A batch breaking any of these, or whose CRC does not
 * match, or which is cut short by the end of the file, is corrupt: recovery truncates the file there and
 * reads refuse it.
 *
 * <p>Stateless and thread-safe; the buffers passed in are the caller's.
 */
final class RecordBatch {

    static final int MAGIC = 0x46525348;
    static final byte VERSION = 1;
    static final int HEADER_SIZE = 33;
    /** Bytes a record adds besides its key and data. */
    static final int RECORD_OVERHEAD = 6;
    static final int MAX_KEY_BYTES = 0xFFFF;

    private static final int LENGTH_AT = 5;
    private static final int CRC_AT = 9;
    private static final int BASE_OFFSET_AT = 13;
    private static final int COUNT_AT = 21;
    private static final int ARRIVAL_AT = 25;

    private RecordBatch() {}

    /** The decoded header of a batch that is structurally possible (not yet checked against its CRC). */
    record Header(int length, int crc, long baseOffset, int recordCount, long arrivalMillis) {
        long nextOffset() {
            return baseOffset + recordCount;
        }
    }

    /** The encoded size of a batch holding {@code records}; validates them like {@link #encode}. */
    static long sizeOf(List<NewRecord> records) {
        checkNotEmpty(records);
        long size = HEADER_SIZE;
        for (NewRecord record : records) {
            size += RECORD_OVERHEAD + checkKeyLength(checkedKey(record).getBytes(StandardCharsets.UTF_8).length)
                    + data(record).length;
        }
        return size;
    }

    /**
     * Encodes {@code records} into the calling thread's {@link ScratchBuffers scratch buffer} for writes
     * (position 0, limit the batch's length), which the caller gives back once the batch is written. The
     * base offset and arrival time are left for {@link #stamp}, so the copying happens before the appender
     * takes the log's lock. ASCII partition keys (the usual kind) are encoded without an intermediate array.
     *
     * @throws IllegalArgumentException if there are no records, a field is null, a key exceeds 65535 UTF-8
     *     bytes, or the batch would exceed 2 GiB
     */
    static ByteBuffer encode(List<NewRecord> records) {
        checkNotEmpty(records);
        int count = records.size();
        byte[][] nonAsciiKeys = null;
        long size = HEADER_SIZE;
        for (int i = 0; i < count; i++) {
            NewRecord record = records.get(i);
            String key = checkedKey(record);
            int keyLength;
            if (isAscii(key)) {
                keyLength = key.length();
            } else {
                if (nonAsciiKeys == null) {
                    nonAsciiKeys = new byte[count][];
                }
                nonAsciiKeys[i] = key.getBytes(StandardCharsets.UTF_8);
                keyLength = nonAsciiKeys[i].length;
            }
            size += RECORD_OVERHEAD + checkKeyLength(keyLength) + data(record).length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("batch too large: " + size + " bytes");
        }
        ByteBuffer buffer = ScratchBuffers.take(ScratchBuffers.Use.WRITE, (int) size);
        buffer.putInt(MAGIC).put(VERSION).putInt((int) size).putInt(0).putLong(0).putInt(count).putLong(0);
        for (int i = 0; i < count; i++) {
            NewRecord record = records.get(i);
            byte[] data = record.data();
            if (nonAsciiKeys != null && nonAsciiKeys[i] != null) {
                buffer.putShort((short) nonAsciiKeys[i].length).put(nonAsciiKeys[i]);
            } else {
                String key = record.partitionKey();
                int length = key.length();
                buffer.putShort((short) length);
                for (int c = 0; c < length; c++) {
                    buffer.put((byte) key.charAt(c));
                }
            }
            buffer.putInt(data.length).put(data);
        }
        return buffer.flip();
    }

    /** Sets the base offset and arrival time of an {@link #encode encoded} batch and seals it with its CRC. */
    static void stamp(ByteBuffer batch, long baseOffset, long arrivalMillis) {
        batch.putLong(BASE_OFFSET_AT, baseOffset).putLong(ARRIVAL_AT, arrivalMillis);
        batch.putInt(CRC_AT, crc(batch, 0, batch.getInt(LENGTH_AT)));
    }

    /** The record count of an {@link #encode encoded} batch. */
    static int recordCount(ByteBuffer batch) {
        return batch.getInt(COUNT_AT);
    }

    /**
     * Decodes the header of the batch at {@code at} in {@code buffer}, of which at least {@link #HEADER_SIZE}
     * bytes must be present.
     *
     * @param available bytes from the batch's start to the end of the file (or of what may be read)
     * @throws CorruptBatchException if no batch written by this format could look like this, or it is cut short
     */
    static Header readHeader(ByteBuffer buffer, int at, long available) throws CorruptBatchException {
        int magic = buffer.getInt(at);
        if (magic != MAGIC) {
            throw new CorruptBatchException("bad magic 0x" + Integer.toHexString(magic));
        }
        byte version = buffer.get(at + 4);
        if (version != VERSION) {
            throw new CorruptBatchException("unknown version " + version);
        }
        int length = buffer.getInt(at + LENGTH_AT);
        int count = buffer.getInt(at + COUNT_AT);
        if (count < 1 || length < HEADER_SIZE || count > (length - HEADER_SIZE) / RECORD_OVERHEAD) {
            throw new CorruptBatchException("impossible length " + length + " for " + count + " records");
        }
        if (length > available) {
            throw new CorruptBatchException("batch of " + length + " bytes cut short at " + available);
        }
        return new Header(length, buffer.getInt(at + CRC_AT), buffer.getLong(at + BASE_OFFSET_AT), count,
                buffer.getLong(at + ARRIVAL_AT));
    }

    /**
     * Checks the CRC and the record framing of the whole batch at {@code at}, whose {@code header.length()}
     * bytes must be present.
     */
    static void verify(ByteBuffer buffer, int at, Header header) throws CorruptBatchException {
        checkCrc(buffer, at, header);
        Cursor cursor = new Cursor(buffer, at, header);
        while (cursor.next()) {
            // framing is checked by next()
        }
    }

    /**
     * Checks the CRC of the whole batch at {@code at}, whose {@code header.length()} bytes must be present,
     * but not its framing: for a reader whose {@link Cursor} checks the framing of every record it walks.
     */
    static void checkCrc(ByteBuffer buffer, int at, Header header) throws CorruptBatchException {
        if (crc(buffer, at, header.length()) != header.crc()) {
            throw new CorruptBatchException("CRC mismatch at offset " + header.baseOffset());
        }
    }

    private static int crc(ByteBuffer buffer, int at, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(at + BASE_OFFSET_AT, length - BASE_OFFSET_AT));
        return (int) crc.getValue();
    }

    private static void checkNotEmpty(List<NewRecord> records) {
        if (records == null || records.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one record");
        }
    }

    private static boolean isAscii(String key) {
        for (int i = 0, n = key.length(); i < n; i++) {
            if (key.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String checkedKey(NewRecord record) {
        return Objects.requireNonNull(Objects.requireNonNull(record, "record").partitionKey(), "partitionKey");
    }

    private static int checkKeyLength(int utf8Bytes) {
        if (utf8Bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("partition key longer than " + MAX_KEY_BYTES + " UTF-8 bytes");
        }
        return utf8Bytes;
    }

    private static byte[] data(NewRecord record) {
        return Objects.requireNonNull(record.data(), "data");
    }

    /**
     * Walks the records of one batch held whole in a buffer, checking their framing. Not thread-safe; one
     * per read.
     */
    static final class Cursor {
        private final ByteBuffer buffer;
        private final int end;
        private final Header header;
        private int next;
        private int index = -1;
        private int keyAt;
        private int keyLength;
        private int dataAt;
        private int dataLength;
        private byte[] keyScratch;

        Cursor(ByteBuffer buffer, int at, Header header) {
            this(buffer, at, header, null);
        }

        /** @param keyScratch an array to decode keys of direct buffers through, or null to get one as needed */
        Cursor(ByteBuffer buffer, int at, Header header, byte[] keyScratch) {
            this.buffer = buffer;
            this.header = header;
            this.end = at + header.length();
            this.next = at + HEADER_SIZE;
            this.keyScratch = keyScratch;
        }

        /** The array keys were decoded through, to pass to the next cursor of the same read; may be null. */
        byte[] keyScratch() {
            return keyScratch;
        }

        /** Moves to the next record; false after the last one. */
        boolean next() throws CorruptBatchException {
            if (index + 1 == header.recordCount()) {
                if (next != end) {
                    throw new CorruptBatchException("records end before the batch at offset " + header.baseOffset());
                }
                return false;
            }
            if (end - next < RECORD_OVERHEAD) {
                throw new CorruptBatchException("record overruns the batch at offset " + header.baseOffset());
            }
            keyLength = Short.toUnsignedInt(buffer.getShort(next));
            keyAt = next + 2;
            if (end - keyAt - 4 < keyLength) {
                throw new CorruptBatchException("key overruns the batch at offset " + header.baseOffset());
            }
            dataLength = buffer.getInt(keyAt + keyLength);
            dataAt = keyAt + keyLength + 4;
            if (dataLength < 0 || end - dataAt < dataLength) {
                throw new CorruptBatchException("data overruns the batch at offset " + header.baseOffset());
            }
            next = dataAt + dataLength;
            index++;
            return true;
        }

        long offset() {
            return header.baseOffset() + index;
        }

        /** Key plus data bytes: what read limits count. */
        int payloadBytes() {
            return keyLength + dataLength;
        }

        StoredRecord toRecord() {
            String key;
            if (buffer.hasArray()) {
                key = new String(buffer.array(), buffer.arrayOffset() + keyAt, keyLength, StandardCharsets.UTF_8);
            } else {
                if (keyScratch == null || keyScratch.length < keyLength) {
                    keyScratch = new byte[Math.max(64, keyLength)];
                }
                buffer.get(keyAt, keyScratch, 0, keyLength);
                key = new String(keyScratch, 0, keyLength, StandardCharsets.UTF_8);
            }
            byte[] data = new byte[dataLength];
            buffer.get(dataAt, data);
            return new StoredRecord(offset(), header.arrivalMillis(), key, data);
        }
    }
}
