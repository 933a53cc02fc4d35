package dev.freshet.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Timestamp encodings of the two wire formats. AWS keeps timestamps at millisecond precision, so
 * finer fractions are truncated on both read and write.
 *
 * <p>All serializers and deserializers here are stateless and thread-safe.
 */
final class InstantCodecs {

    /** CBOR tag for "epoch-based date/time" (RFC 8949 section 3.4.2), which the AWS SDKs write. */
    static final int CBOR_EPOCH_TAG = 1;

    private InstantCodecs() {
    }

    /**
     * JSON, for the streaming encoders: the text {@link EpochSecondsSerializer} writes for an
     * instant ({@code BigDecimal.valueOf(millis, 3).stripTrailingZeros()}, plain), character for
     * character, without making a BigDecimal: {@code 1700000000.123}, {@code 1700000000.12},
     * {@code 1700000000}, {@code -0.5}, {@code 0}. It keeps the text of the last whole second, which
     * the records of one answer mostly share, so that only the fraction changes from one to the next.
     *
     * <p>Not thread-safe: one per answer.
     */
    static final class EpochSecondsText {
        /** Room for the longest text: {@code -9223372036854775.808}. */
        private final char[] chars = new char[21];
        private long wholeSeconds;
        private boolean wholeNegativeZero;
        private int wholeLength = -1;

        /** Puts the text of {@code millis} at the start of {@link #chars()}; returns its length. */
        int format(long millis) {
            long seconds = millis / 1000;
            // Division truncates toward zero, so -0.5 s has no sign left in its whole part.
            boolean negativeZero = millis < 0 && seconds == 0;
            if (wholeLength < 0 || seconds != wholeSeconds || negativeZero != wholeNegativeZero) {
                String whole = negativeZero ? "-0" : Long.toString(seconds);
                wholeLength = whole.length();
                whole.getChars(0, wholeLength, chars, 0);
                wholeSeconds = seconds;
                wholeNegativeZero = negativeZero;
            }
            int length = wholeLength;
            int fraction = Math.abs((int) (millis % 1000));
            if (fraction != 0) {
                chars[length++] = '.';
                chars[length++] = (char) ('0' + fraction / 100);
                if (fraction % 100 != 0) {
                    chars[length++] = (char) ('0' + fraction / 10 % 10);
                    if (fraction % 10 != 0) {
                        chars[length++] = (char) ('0' + fraction % 10);
                    }
                }
            }
            return length;
        }

        /** The text of the last {@link #format}; overwritten by the next. */
        char[] chars() {
            return chars;
        }

        /** Writes the text of {@code millis} as a JSON number, as {@link EpochSecondsSerializer} does. */
        void write(JsonGenerator gen, long millis) throws IOException {
            gen.writeNumber(chars, 0, format(millis));
        }
    }

    /** CBOR, for the streaming encoders: tag 1 then the integral millis, as {@link EpochMillisSerializer} writes. */
    static void writeTaggedEpochMillis(CBORGenerator gen, long millis) throws IOException {
        gen.writeTag(CBOR_EPOCH_TAG);
        gen.writeNumber(millis);
    }

    /** JSON: epoch seconds as a number with up to three decimals, e.g. {@code 1700000000.123}. */
    static final class EpochSecondsSerializer extends StdScalarSerializer<Instant> {
        EpochSecondsSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(BigDecimal.valueOf(value.toEpochMilli(), 3).stripTrailingZeros());
        }
    }

    /** JSON: epoch seconds, integral or decimal. */
    static final class EpochSecondsDeserializer extends StdScalarDeserializer<Instant> {
        EpochSecondsDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return Instant.ofEpochSecond(p.getLongValue());
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                return Instant.ofEpochMilli(
                        Numbers.floorClamped(p.getDecimalValue().movePointRight(3), Long.MIN_VALUE, Long.MAX_VALUE));
            }
            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
        }
    }

    /** CBOR: tag 1 then integral epoch milliseconds, exactly as the AWS SDK for Java v2 writes. */
    static final class EpochMillisSerializer extends StdScalarSerializer<Instant> {
        EpochMillisSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            // Only a real CBOR stream can carry a tag; token buffers (valueToTree) get the bare number.
            if (gen instanceof CBORGenerator cbor) {
                cbor.writeTag(CBOR_EPOCH_TAG);
            }
            gen.writeNumber(value.toEpochMilli());
        }
    }

    /** CBOR: a number, tagged or not, read as epoch milliseconds. */
    static final class EpochMillisDeserializer extends StdScalarDeserializer<Instant> {
        EpochMillisDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return Instant.ofEpochMilli(p.getLongValue());
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                return Instant.ofEpochMilli(Numbers.floorClamped(p.getDecimalValue(), Long.MIN_VALUE, Long.MAX_VALUE));
            }
            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
        }
    }
}
