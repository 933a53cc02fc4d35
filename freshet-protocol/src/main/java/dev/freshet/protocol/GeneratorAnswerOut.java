package dev.freshet.protocol;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;
import java.time.Instant;

/**
 * {@link AnswerOut} over the format's Jackson generator, for answers with values
 * {@link ExactAnswerOut} does not write (strings that need escaping or are not ASCII). Each call
 * is the generator call Jackson's serializer makes for the same value, so the bytes are the
 * mapper's: records and lists through {@code writeStartObject(record)} and
 * {@code writeStartArray(list, size)} (in CBOR an indefinite-length map and a definite-length
 * array), names as serialized strings, timestamps as {@link InstantCodecs} writes them.
 *
 * <p>One exception, for speed: a JSON blob is base64-encoded by the JDK's encoder (compiled to vector
 * instructions where the CPU has them, several times faster than the generator's) and written with
 * {@code writeRawUTF8String}, which adds the quotes {@code writeBinary} adds; base64 needs no
 * escaping, so the bytes are the same, provided the mapper uses the standard padded alphabet without
 * line feeds, which is what the JDK's basic encoder writes (otherwise the generator encodes it).
 *
 * <p>Not thread-safe: one per answer.
 */
final class GeneratorAnswerOut implements AnswerOut {

    private final JsonGenerator g;
    private final boolean cbor;
    private final Base64Variant base64;
    private final boolean jdkBase64;
    private final InstantCodecs.EpochSecondsText timestampText = new InstantCodecs.EpochSecondsText();
    private final Base64Blobs.Encoder jdkEncoder = new Base64Blobs.Encoder();

    GeneratorAnswerOut(JsonGenerator g, WireFormat format) {
        this.g = g;
        this.cbor = format == WireFormat.CBOR;
        this.base64 = format.mapper().getSerializationConfig().getBase64Variant();
        this.jdkBase64 = !cbor && base64 == Base64Variants.MIME_NO_LINEFEEDS;
    }

    @Override
    public void startObject(Object value) throws IOException {
        g.writeStartObject(value);
    }

    @Override
    public void endObject() throws IOException {
        g.writeEndObject();
    }

    @Override
    public void name(MemberName name) throws IOException {
        g.writeFieldName(name.serialized());
    }

    @Override
    public void startArray(Object list, int size) throws IOException {
        g.writeStartArray(list, size);
    }

    @Override
    public void endArray() throws IOException {
        g.writeEndArray();
    }

    @Override
    public void string(String value) throws IOException {
        g.writeString(value);
    }

    @Override
    public void number(int value) throws IOException {
        g.writeNumber(value);
    }

    @Override
    public void number(long value) throws IOException {
        g.writeNumber(value);
    }

    @Override
    public void binary(byte[] value) throws IOException {
        if (!jdkBase64) {
            g.writeBinary(base64, value, 0, value.length);
            return;
        }
        int length = jdkEncoder.encode(value);
        g.writeRawUTF8String(jdkEncoder.text(), 0, length);
    }

    @Override
    public void timestamp(Instant value) throws IOException {
        if (cbor) {
            InstantCodecs.writeTaggedEpochMillis((CBORGenerator) g, value.toEpochMilli());
        } else {
            timestampText.write(g, value.toEpochMilli());
        }
    }
}
