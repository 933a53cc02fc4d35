package dev.freshet.protocol;

import com.fasterxml.jackson.core.io.SerializedString;
import java.nio.charset.StandardCharsets;

/**
 * A member name of an answer, encoded once for every output that writes it: as a
 * {@link SerializedString} for the Jackson generators (which write it as the serializers do), and
 * as the exact bytes {@link ExactAnswerOut} copies: {@code "Name":} in JSON, a text string
 * (header and ASCII bytes) in CBOR. Names are model member names: short ASCII words that JSON never
 * escapes.
 *
 * <p>Immutable and thread-safe (the arrays are never handed out for writing).
 */
final class MemberName {

    private final SerializedString serialized;
    private final byte[] json;
    private final byte[] cbor;

    MemberName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("Not a plain member name: " + name);
            }
        }
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        this.serialized = new SerializedString(name);
        this.json = ("\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
        int header = ExactAnswerOut.cborHeaderLength(ascii.length);
        this.cbor = new byte[header + ascii.length];
        ExactAnswerOut.putCborHeader(cbor, 0, ExactAnswerOut.CBOR_TEXT, ascii.length);
        System.arraycopy(ascii, 0, cbor, header, ascii.length);
    }

    SerializedString serialized() {
        return serialized;
    }

    /** {@code "Name":}; callers must not modify it. */
    byte[] json() {
        return json;
    }

    /** The CBOR text string; callers must not modify it. */
    byte[] cbor() {
        return cbor;
    }
}
