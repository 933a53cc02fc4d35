package dev.freshet.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.freshet.api.GetRecordsResponse;
import dev.freshet.api.PutRecordsResponse;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The fast path of response encoding for the answers that carry many entries, PutRecords and
 * GetRecords, where the generic path finds a bean serializer and walks every entry's properties by
 * reflection, and the generator then handles every string character by character (13 % of the
 * server's CPU in the PutRecords profile). {@link PutRecordsResponseEncoder} and
 * {@link GetRecordsResponseEncoder} hold each answer's members, written in two tiers:
 * <ol>
 *   <li>{@link ExactAnswerOut}: straight into an exactly sized array, when every string is plain
 *       ASCII (the usual case);</li>
 *   <li>{@link GeneratorAnswerOut}: with the format's generator, for any strings.</li>
 * </ol>
 *
 * <p><b>Contract</b>: {@link #tryEncode} returns exactly the bytes {@code mapper.writeValueAsBytes}
 * returns for the same response, or null ("declined": the caller runs the generic path). Each tier
 * declines what it does not write as Jackson does (the second tier: a null list element) and on any
 * failure, so that the generic path's exception is the one thrown. The generator of the second tier
 * is made by an {@link ObjectWriter} of the same mapper and writes into a {@link ByteArrayBuilder}
 * from the same buffer recycler, so its features, and the output, are the mapper's.
 *
 * <p>Stateless and thread-safe: the writers are immutable; each call has its own outputs.
 */
final class StreamingResponseEncoder {

    private static final Map<WireFormat, ObjectWriter> WRITERS = new EnumMap<>(WireFormat.class);

    static {
        for (WireFormat format : WireFormat.values()) {
            WRITERS.put(format, format.mapper().writer());
        }
    }

    private StreamingResponseEncoder() {
    }

    /** An answer's members, ready to be written to any output. */
    @FunctionalInterface
    interface Answer {
        void write(AnswerOut out) throws IOException;
    }

    /** The encoded response, or null if this class does not encode its type or declines it. Never throws. */
    static byte[] tryEncode(WireFormat format, Object response) {
        Answer answer = answerOf(response);
        if (answer == null) {
            return null;
        }
        byte[] exact = tryExact(format, answer);
        return exact != null ? exact : tryGenerator(format, answer);
    }

    /** The answer's members, or null for a response type without a streaming encoder. */
    static Answer answerOf(Object response) {
        if (response instanceof PutRecordsResponse putRecords) {
            return out -> PutRecordsResponseEncoder.write(out, putRecords);
        }
        if (response instanceof GetRecordsResponse getRecords) {
            return out -> GetRecordsResponseEncoder.write(out, getRecords);
        }
        return null;
    }

    /** The first tier: measure, then write into an array of that size; null if declined. */
    static byte[] tryExact(WireFormat format, Answer answer) {
        try {
            ExactAnswerOut measure = ExactAnswerOut.measuring(format);
            answer.write(measure);
            ExactAnswerOut write = ExactAnswerOut.writing(format, measure.size());
            answer.write(write);
            return write.bytes();
        } catch (IOException | RuntimeException e) {
            // FastPathDeclined (a string that is not plain ASCII), or a value it cannot write.
            return null;
        }
    }

    /** The second tier: the format's generator, as ObjectMapper.writeValueAsBytes sets it up; null if declined. */
    static byte[] tryGenerator(WireFormat format, Answer answer) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(format.mapper().getFactory()._getBufferRecycler())) {
            try (JsonGenerator generator = WRITERS.get(format).createGenerator(out)) {
                answer.write(new GeneratorAnswerOut(generator, format));
            }
            byte[] bytes = out.toByteArray();
            out.release();
            return bytes;
        } catch (IOException | RuntimeException e) {
            // FastPathDeclined, or a value the generator refuses: the generic path decides.
            return null;
        }
    }
}
