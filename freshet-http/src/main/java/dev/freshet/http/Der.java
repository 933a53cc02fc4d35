package dev.freshet.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The little ASN.1 DER the TLS material needs: encoding a self-signed certificate, and reading the
 * outer structure of private keys (their algorithm, a SEC1 key's curve), with the JDK doing all the
 * cryptography.
 *
 * <p>Why not BouncyCastle: it is what this class replaced. Building one certificate through it
 * loaded about 800 classes and took a quarter of a second of a first start, and its 9 MB were over
 * half the server's jar; the JDK has every algorithm, and only lacks a public encoder.
 *
 * <p>Only definite-length DER with single-byte tags is read, which is all that private keys and
 * certificates use. Thread-safety: stateless.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int UTF8_STRING = 0x0C;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private Der() {
    }

    // --- encoding --------------------------------------------------------------------------------

    /** One tag-length-value whose value is the concatenation of {@code contents}. */
    static byte[] tlv(int tag, byte[]... contents) {
        int length = 0;
        for (byte[] content : contents) {
            length += content.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        for (byte[] content : contents) {
            out.writeBytes(content);
        }
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... contents) {
        return tlv(SEQUENCE, contents);
    }

    static byte[] set(byte[]... contents) {
        return tlv(SET, contents);
    }

    static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    static byte[] octetString(byte[] value) {
        return tlv(OCTET_STRING, value);
    }

    /** A BIT STRING of whole bytes. */
    static byte[] bitString(byte[] value) {
        return tlv(BIT_STRING, new byte[] {0}, value);
    }

    static byte[] utf8String(String value) {
        return tlv(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] booleanTrue() {
        return new byte[] {0x01, 0x01, (byte) 0xFF};
    }

    static byte[] nullValue() {
        return new byte[] {NULL, 0x00};
    }

    /** {@code [number]}, constructed: an EXPLICIT tag around {@code content}. */
    static byte[] explicit(int number, byte[] content) {
        return tlv(0xA0 | number, content);
    }

    /** {@code [number]}, primitive: an IMPLICIT tag replacing a primitive type's own. */
    static byte[] implicitPrimitive(int number, byte[] value) {
        return tlv(0x80 | number, value);
    }

    /** RFC 5280's Time: UTCTime through 2049, GeneralizedTime from 2050. */
    static byte[] time(ZonedDateTime instant) {
        ZonedDateTime utc = instant.withZoneSameInstant(ZoneOffset.UTC).withNano(0);
        return utc.getYear() < 2050
                ? tlv(UTC_TIME, UTC_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII))
                : tlv(GENERALIZED_TIME, GENERALIZED_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBase128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeBase128(out, Long.parseLong(arcs[i]));
        }
        return tlv(OBJECT_IDENTIFIER, out.toByteArray());
    }

    private static void writeBase128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            out.write((int) ((value >>> (7 * i)) & 0x7F) | (i > 0 ? 0x80 : 0));
        }
    }

    // --- decoding --------------------------------------------------------------------------------

    /** One decoded element: its tag, and its value as a slice of the input. */
    record Element(int tag, byte[] input, int offset, int length) {

        byte[] value() {
            byte[] copy = new byte[length];
            System.arraycopy(input, offset, copy, 0, length);
            return copy;
        }

        /** The elements a constructed value (SEQUENCE, SET, an explicit tag) holds, in order. */
        List<Element> children() throws IOException {
            List<Element> children = new ArrayList<>();
            int at = offset;
            int end = offset + length;
            while (at < end) {
                Element child = read(input, at, end);
                children.add(child);
                at = child.offset + child.length;
            }
            return children;
        }

        /** The dotted form of an OBJECT IDENTIFIER. */
        String oid() throws IOException {
            expect(OBJECT_IDENTIFIER);
            StringBuilder dotted = new StringBuilder();
            long arc = 0;
            boolean first = true;
            for (int i = offset; i < offset + length; i++) {
                if (arc > (Long.MAX_VALUE >>> 7)) {
                    throw new IOException("object identifier arc too large");
                }
                arc = (arc << 7) | (input[i] & 0x7F);
                if ((input[i] & 0x80) == 0) {
                    if (first) {
                        int top = (int) Math.min(2, arc / 40);
                        dotted.append(top).append('.').append(arc - 40L * top);
                        first = false;
                    } else {
                        dotted.append('.').append(arc);
                    }
                    arc = 0;
                }
            }
            if (first || (input[offset + length - 1] & 0x80) != 0) {
                throw new IOException("malformed object identifier");
            }
            return dotted.toString();
        }

        Element expect(int expectedTag) throws IOException {
            if (tag != expectedTag) {
                throw new IOException(String.format("expected DER tag 0x%02x, found 0x%02x", expectedTag, tag));
            }
            return this;
        }
    }

    /** The single element {@code der} holds; anything after it is an error. */
    static Element parse(byte[] der) throws IOException {
        Element element = read(der, 0, der.length);
        if (element.offset + element.length != der.length) {
            throw new IOException("trailing bytes after DER value");
        }
        return element;
    }

    private static Element read(byte[] input, int at, int end) throws IOException {
        if (end - at < 2) {
            throw new IOException("truncated DER value");
        }
        int tag = input[at] & 0xFF;
        if ((tag & 0x1F) == 0x1F) {
            throw new IOException("multi-byte DER tags are not supported");
        }
        int first = input[at + 1] & 0xFF;
        int position = at + 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int bytes = first & 0x7F;
            if (bytes == 0 || bytes > 4 || end - position < bytes) {
                throw new IOException("bad DER length");
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (input[position++] & 0xFF);
            }
        }
        if (length > end - position) {
            throw new IOException("truncated DER value");
        }
        return new Element(tag, input, position, (int) length);
    }
}
