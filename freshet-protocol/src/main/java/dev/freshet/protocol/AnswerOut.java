package dev.freshet.protocol;

import java.io.IOException;
import java.time.Instant;

/**
 * What an answer encoder ({@link PutRecordsResponseEncoder}, {@link GetRecordsResponseEncoder})
 * writes, in the calls Jackson's serializers make for the same values, so that the member logic of
 * an answer exists once and can be written by either of two outputs: {@link ExactAnswerOut}, straight
 * into an exactly sized array when every string is plain ASCII, and {@link GeneratorAnswerOut}, the
 * format's Jackson generator, for any value. Either may decline with {@link FastPathDeclined}.
 *
 * <p>Implementations are not thread-safe: one per answer being written.
 */
interface AnswerOut {

    /** Starts an object (a record); {@code value} is the record, as Jackson passes it along. */
    void startObject(Object value) throws IOException;

    void endObject() throws IOException;

    /** A member name; its value follows. */
    void name(MemberName name) throws IOException;

    /** Starts a list of {@code size} elements; {@code list} is the list, as Jackson passes it along. */
    void startArray(Object list, int size) throws IOException;

    void endArray() throws IOException;

    void string(String value) throws IOException;

    void number(int value) throws IOException;

    void number(long value) throws IOException;

    void binary(byte[] value) throws IOException;

    /** A timestamp as the format writes them: JSON epoch seconds, CBOR tag 1 and epoch millis. */
    void timestamp(Instant value) throws IOException;

    /** A string member, left out when null as the mappers' NON_NULL inclusion leaves it out. */
    default void stringMember(MemberName name, String value) throws IOException {
        if (value != null) {
            name(name);
            string(value);
        }
    }
}
