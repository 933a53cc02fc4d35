package dev.freshet.bench.micro;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.freshet.protocol.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * Request bodies as a client writes them, for the codec benchmarks: blobs base64 in JSON, byte strings in
 * CBOR, and the PutRecords the benchmarks share, {@link #PUT_BATCH} records of {@link #RECORD_BYTES} random
 * bytes with random partition keys.
 *
 * <p>Stateless.
 */
final class RequestBodies {

    static final int PUT_BATCH = 500;
    static final int RECORD_BYTES = 100;

    private RequestBodies() {}

    /** Writes the members of one request object. */
    interface Members {
        void write(JsonGenerator g) throws IOException;
    }

    /** One record's data and partition key. */
    record Entry(byte[] data, String partitionKey) {

        /** {@link #RECORD_BYTES} random bytes, then a random partition key, drawn from {@code random}. */
        static Entry random(Random random) {
            byte[] data = new byte[RECORD_BYTES];
            random.nextBytes(data);
            return new Entry(data, "partition-key-" + random.nextInt(1_000_000));
        }

        /** Writes this entry as a PutRecord(s) record's members. */
        void write(JsonGenerator g) throws IOException {
            g.writeFieldName("Data");
            g.writeBinary(data);
            g.writeStringField("PartitionKey", partitionKey);
        }
    }

    static JsonFactory factory(WireFormat format) {
        return format == WireFormat.JSON ? new JsonFactory() : new CBORFactory();
    }

    /** A request object holding {@code members}. */
    static byte[] body(JsonFactory factory, Members members) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            members.write(g);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** The members of a PutRecords request to the stream "bench" of the first {@link #PUT_BATCH} entries. */
    static void putRecords(JsonGenerator g, List<Entry> entries) throws IOException {
        g.writeStringField("StreamName", "bench");
        g.writeArrayFieldStart("Records");
        for (Entry entry : entries.subList(0, PUT_BATCH)) {
            g.writeStartObject();
            entry.write(g);
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
