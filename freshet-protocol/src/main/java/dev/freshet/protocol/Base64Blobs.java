package dev.freshet.protocol;

import dev.freshet.api.errors.SerializationException;
import java.util.Base64;

/**
 * Decodes a blob sent as a base64 string, rejecting what AWS rejects with AWS's messages (including
 * its misspelling of "detected"), checked in AWS's order: length, alphabet, canonical form.
 *
 * <p>{@link #decodeCanonical} is the streaming decoder's variant: it reads the parser's character
 * buffer, skips the per-character alphabet scan that only serves to word errors, and has no
 * messages, since it only says "valid, here are the bytes" or "not valid" (null), and the caller
 * then lets {@link #decode} word the error.
 *
 * <p>{@link Encoder} is the streaming encoders' side: a blob's text as the mappers write it.
 *
 * <p>Stateless and thread-safe, but for {@link Encoder}.
 */
final class Base64Blobs {

    private Base64Blobs() {
    }

    /**
     * Standard padded base64 without line feeds, by the JDK's encoder (compiled to vector
     * instructions where the CPU has them, several times faster than Jackson's), into a buffer kept
     * from one blob to the next. Not thread-safe: one per answer.
     */
    static final class Encoder {
        private byte[] text = new byte[0];

        /** The length of the text of a blob of {@code bytes}. */
        static int encodedLength(int bytes) {
            return (bytes + 2) / 3 * 4;
        }

        /** Puts the text of {@code value} at the start of {@link #text()}; returns its length. */
        int encode(byte[] value) {
            int length = encodedLength(value.length);
            if (text.length < length) {
                text = new byte[Math.max(length, 2 * text.length)];
            }
            return Base64.getEncoder().encode(value, text);
        }

        /** The text of the last {@link #encode}; overwritten by the next. */
        byte[] text() {
            return text;
        }
    }

    /**
     * Decodes {@code length} characters of {@code chars} from {@code offset} if they are canonical
     * padded base64 (exactly what {@link #decode} accepts), else returns null: a length that is a
     * multiple of 4, only alphabet characters but for one or two {@code '='} at the very end, and
     * zero unused bits in the last data character before the padding.
     *
     * <p>The JDK's decoder does the work: the JVM compiles it to vector instructions where the CPU
     * has them, several times faster than a table loop over a 100-byte record (and the String it reads
     * is made by a vectorized narrowing of the characters). It rejects whatever is outside the
     * alphabet (characters past Latin-1 reach it as {@code '?'}) or badly padded; the one thing it lets
     * through that AWS rejects, non-zero unused bits, is checked here.
     */
    static byte[] decodeCanonical(char[] chars, int offset, int length) {
        if (length % 4 != 0) {
            return null;
        }
        String text = new String(chars, offset, length);
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return hasZeroPadBits(text) ? bytes : null;
    }

    static byte[] decode(String text) {
        if (text.length() % 4 != 0) {
            throw error(text, "Base64 encoded length is expected a multiple of 4 bytes but found: " + text.length());
        }
        int bad = firstInvalidCharacter(text);
        if (bad >= 0) {
            throw error(text, "Invalid Base64 character: '" + text.charAt(bad) + "'");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            // Only misplaced padding ("A===") gets here; AWS files that under the canonical-form error.
            throw nonCanonical(text);
        }
        if (!hasZeroPadBits(text)) {
            throw nonCanonical(text);
        }
        return bytes;
    }

    /** Index of the first character outside the alphabet, or of a '=' that more data follows. */
    private static int firstInvalidCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (c == '=' ? i + 1 < text.length() && text.charAt(i + 1) != '=' : !alphabet) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A padded quantum must leave the unused low bits of its last data character zero. For text
     * whose characters are all in the alphabet but for trailing padding.
     */
    private static boolean hasZeroPadBits(String text) {
        int padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
        if (padding == 0) {
            return true;
        }
        int last = sextet(text.charAt(text.length() - padding - 1));
        int unusedBits = padding == 2 ? 0x0F : 0x03;
        return (last & unusedBits) == 0;
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : 63;
    }

    private static SerializationException nonCanonical(String text) {
        return error(text, "Invalid last non-pad Base64 character dectected");
    }

    private static SerializationException error(String text, String reason) {
        return new SerializationException("'" + text + "' can not be converted to a Blob: " + reason);
    }
}
