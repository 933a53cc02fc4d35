package dev.freshet.protocol;

import java.time.Instant;

/**
 * {@link AnswerOut} straight into a byte array of exactly the answer's size, for answers whose
 * strings are all plain ASCII, which is what Freshet's answers almost always hold (sequence numbers,
 * shard ids, iterators, and the partition keys clients send). It is run twice over the same answer
 * by the same code: first measuring (nothing is written, only the size counted), then writing into
 * an array of that size; so there is no growing buffer, no generator buffer and no final copy, and
 * the size is right by construction ({@link #bytes} checks it anyway).
 *
 * <p>Why: Jackson's generators handle strings character by character through escaping tables and
 * buffers; for plain ASCII that work produces the characters unchanged, which this class copies.
 * It writes exactly what the mapper writes (a test compares both on random answers):
 * <ul>
 *   <li>JSON: no whitespace; {@code {"Name":value,...}} and {@code [a,b]}; strings in quotes, which
 *       this class takes only if every character is in {@code 0x20..0x7E} and is neither {@code "}
 *       nor {@code \} (those need no escape, so the bytes are the characters); integers in decimal;
 *       blobs as standard padded base64 in quotes; timestamps as {@link InstantCodecs} writes them.</li>
 *   <li>CBOR: objects as indefinite-length maps ({@code 0xBF} … {@code 0xFF}), lists as
 *       definite-length arrays, strings as text strings of ASCII only and at most
 *       {@value #CBOR_MAX_TEXT} characters (the generator writes longer ones in chunks), blobs as
 *       byte strings, timestamps as tag 1 ({@code 0xC1}) then the epoch millis; every integer, length
 *       and count in its shortest form, as {@code CBORGenerator} writes them.</li>
 * </ul>
 * Anything else (a string needing escapes or not ASCII, a longer CBOR string, deeper nesting than
 * any answer has) declines with {@link FastPathDeclined}, and the caller writes the answer with the
 * generator instead.
 *
 * <p>Not thread-safe: one per pass over one answer.
 */
final class ExactAnswerOut implements AnswerOut {

    private static final int CBOR_UNSIGNED = 0x00;
    private static final int CBOR_NEGATIVE = 0x20;
    private static final int CBOR_BYTES = 0x40;
    static final int CBOR_TEXT = 0x60;
    private static final int CBOR_ARRAY = 0x80;
    private static final int CBOR_START_MAP = 0xBF;
    private static final int CBOR_BREAK = 0xFF;
    private static final int CBOR_EPOCH_TAG = 0xC0 | InstantCodecs.CBOR_EPOCH_TAG;
    /** The longest text {@code CBORGenerator} writes with one length header; it chunks longer text. */
    private static final int CBOR_MAX_TEXT = 3996;
    /** Levels of JSON nesting tracked (bits of a long); answers nest four deep at most. */
    private static final int MAX_DEPTH = 62;

    private final boolean json;
    /** Null while measuring. */
    private final byte[] out;
    private int pos;
    /** JSON nesting: bit d of {@code arrays} is set if level d is a list, of {@code started} if it has an item yet. */
    private int depth;
    private long arrays;
    private long started;
    private final InstantCodecs.EpochSecondsText timestampText = new InstantCodecs.EpochSecondsText();
    private final Base64Blobs.Encoder base64 = new Base64Blobs.Encoder();

    private ExactAnswerOut(WireFormat format, byte[] out) {
        this.json = format == WireFormat.JSON;
        this.out = out;
    }

    /** A pass that only counts the answer's bytes; then {@link #size()}. */
    static ExactAnswerOut measuring(WireFormat format) {
        return new ExactAnswerOut(format, null);
    }

    /** A pass that writes the answer into an array of {@code size} bytes, as measured; then {@link #bytes()}. */
    static ExactAnswerOut writing(WireFormat format, int size) {
        return new ExactAnswerOut(format, new byte[size]);
    }

    /** The bytes counted or written so far. */
    int size() {
        return pos;
    }

    /** The written answer; it must fill the array exactly. */
    byte[] bytes() {
        if (out == null || pos != out.length) {
            throw new IllegalStateException("Wrote " + pos + " bytes of " + (out == null ? "a measurement" : out.length));
        }
        return out;
    }

    @Override
    public void startObject(Object value) {
        if (json) {
            beforeValue();
            put('{');
            push(false);
        } else {
            put(CBOR_START_MAP);
        }
    }

    @Override
    public void endObject() {
        if (json) {
            depth--;
            put('}');
        } else {
            put(CBOR_BREAK);
        }
    }

    @Override
    public void name(MemberName name) {
        if (json) {
            long bit = 1L << depth;
            if ((started & bit) != 0) {
                put(',');
            }
            started |= bit;
            put(name.json());
        } else {
            put(name.cbor());
        }
    }

    @Override
    public void startArray(Object list, int size) {
        if (json) {
            beforeValue();
            put('[');
            push(true);
        } else {
            putCborHeader(CBOR_ARRAY, size);
        }
    }

    @Override
    public void endArray() {
        if (json) {
            depth--;
            put(']');
        }
    }

    @Override
    public void string(String value) {
        int length = value.length();
        if (json) {
            beforeValue();
            put('"');
            putAscii(value, length, true);
            put('"');
        } else {
            if (length > CBOR_MAX_TEXT) {
                throw FastPathDeclined.INSTANCE;
            }
            putCborHeader(CBOR_TEXT, length);
            putAscii(value, length, false);
        }
    }

    @Override
    public void number(int value) {
        number((long) value);
    }

    @Override
    public void number(long value) {
        if (json) {
            beforeValue();
            putDecimal(value);
        } else if (value >= 0) {
            putCborHeader(CBOR_UNSIGNED, value);
        } else {
            putCborHeader(CBOR_NEGATIVE, ~value);
        }
    }

    @Override
    public void binary(byte[] value) {
        if (json) {
            beforeValue();
            put('"');
            int length = Base64Blobs.Encoder.encodedLength(value.length);
            if (out != null) {
                base64.encode(value);
                System.arraycopy(base64.text(), 0, out, pos, length);
            }
            pos += length;
            put('"');
        } else {
            putCborHeader(CBOR_BYTES, value.length);
            if (out != null) {
                System.arraycopy(value, 0, out, pos, value.length);
            }
            pos += value.length;
        }
    }

    @Override
    public void timestamp(Instant value) {
        long millis = value.toEpochMilli();
        if (!json) {
            put(CBOR_EPOCH_TAG);
            number(millis);
            return;
        }
        beforeValue();
        int length = timestampText.format(millis);
        if (out != null) {
            char[] text = timestampText.chars();
            for (int i = 0; i < length; i++) {
                out[pos + i] = (byte) text[i];
            }
        }
        pos += length;
    }

    /** JSON: a comma before every list element but the first (members get theirs in {@link #name}). */
    private void beforeValue() {
        long bit = 1L << depth;
        if ((arrays & bit) != 0) {
            if ((started & bit) != 0) {
                put(',');
            }
            started |= bit;
        }
    }

    private void push(boolean array) {
        if (++depth > MAX_DEPTH) {
            throw FastPathDeclined.INSTANCE;
        }
        long bit = 1L << depth;
        arrays = array ? arrays | bit : arrays & ~bit;
        started &= ~bit;
    }

    private void put(int b) {
        if (out != null) {
            out[pos] = (byte) b;
        }
        pos++;
    }

    private void put(byte[] bytes) {
        if (out != null) {
            System.arraycopy(bytes, 0, out, pos, bytes.length);
        }
        pos += bytes.length;
    }

    /**
     * Copies a string's characters as bytes, declining unless each is ASCII and, in JSON, printable
     * and neither a quote nor a backslash: the characters whose encoding is the character itself.
     * Two loops rather than one with a flag, so that each is as tight as the JIT can make it.
     */
    private void putAscii(String value, int length, boolean jsonString) {
        if (out != null) {
            if (jsonString) {
                copyJsonPlain(value, length, out, pos);
            } else {
                copyAscii(value, length, out, pos);
            }
        }
        pos += length;
    }

    private static void copyJsonPlain(String value, int length, byte[] out, int at) {
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                throw FastPathDeclined.INSTANCE;
            }
            out[at + i] = (byte) c;
        }
    }

    private static void copyAscii(String value, int length, byte[] out, int at) {
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c > 0x7F) {
                throw FastPathDeclined.INSTANCE;
            }
            out[at + i] = (byte) c;
        }
    }

    /** JSON: a long in decimal, as {@code Long.toString} writes it, without making a String. */
    private void putDecimal(long value) {
        // Negated magnitudes: Long.MIN_VALUE has no positive counterpart.
        long negative = value < 0 ? value : -value;
        int length = value < 0 ? 2 : 1;
        for (long n = negative; n <= -10; n /= 10) {
            length++;
        }
        if (out != null) {
            int i = pos + length;
            long n = negative;
            do {
                out[--i] = (byte) ('0' - (int) (n % 10));
                n /= 10;
            } while (n != 0);
            if (value < 0) {
                out[--i] = '-';
            }
        }
        pos += length;
    }

    private void putCborHeader(int major, long argument) {
        if (out != null) {
            putCborHeader(out, pos, major, argument);
        }
        pos += cborHeaderLength(argument);
    }

    /** Bytes of a CBOR head for an unsigned argument in its shortest form (RFC 8949 section 3). */
    static int cborHeaderLength(long argument) {
        if (argument < 24) {
            return 1;
        }
        if (argument < 0x100) {
            return 2;
        }
        if (argument < 0x1_0000) {
            return 3;
        }
        return argument < 0x1_0000_0000L ? 5 : 9;
    }

    /** Writes the shortest CBOR head of {@code major} type (its top three bits) and {@code argument} at {@code at}. */
    static void putCborHeader(byte[] bytes, int at, int major, long argument) {
        int length = cborHeaderLength(argument);
        if (length == 1) {
            bytes[at] = (byte) (major | argument);
            return;
        }
        int extra = length - 1;
        bytes[at] = (byte) (major | (extra == 1 ? 24 : extra == 2 ? 25 : extra == 4 ? 26 : 27));
        for (int i = extra; i >= 1; i--) {
            bytes[at + i] = (byte) argument;
            argument >>>= 8;
        }
    }
}
