package dev.freshet.protocol;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes CBOR request bodies the way the AWS SDK for Java v2 does, and reads tags back. Stateless; thread-safe. */
final class CborBodies {

    private static final CBORFactory FACTORY = new CBORFactory();

    private CborBodies() {
    }

    interface Writer {
        void write(CBORGenerator gen) throws IOException;
    }

    /** A body written by {@code writer}; writeStartObject()/writeStartArray() are indefinite-length, as the SDK's. */
    static byte[] cbor(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator gen = FACTORY.createGenerator(out)) {
            writer.write(gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The CBOR tag on the value of the first field named {@code field}, or -1 if untagged. */
    static int tagOf(byte[] body, String field) {
        try (CBORParser parser = FACTORY.createParser(body)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.FIELD_NAME && parser.currentName().equals(field)) {
                    parser.nextToken();
                    return parser.getCurrentTag();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("No field " + field);
    }
}
