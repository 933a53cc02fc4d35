package dev.freshet.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.freshet.api.GetRecordsRequest;
import dev.freshet.api.GetShardIteratorRequest;
import dev.freshet.api.PutRecordRequest;
import dev.freshet.api.PutRecordsRequest;
import dev.freshet.api.PutRecordsRequestEntry;
import dev.freshet.api.ShardIteratorType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The fast path of request decoding for the operations that carry the data: PutRecords, PutRecord,
 * GetRecords and GetShardIterator, bound to their API records. It reads the body token by token
 * straight into the record, checking kinds and the model's constraints as it goes, where the generic
 * path of {@link Codec} parses to a tree, copies the tree while checking kinds, walks it again for
 * constraints and binds it by reflection: about ten times the work for a PutRecords of 500 records.
 *
 * <p><b>Contract</b>: {@link #tryDecode} returns either exactly the record the generic path would
 * return for the same body, or null. Null means "declined": the caller then runs the generic path,
 * which gives the answer, value or exception. It declines at the first thing that is not plainly
 * valid and usual, so every error, with its message and the order of its violations, comes from
 * {@link RequestValidator}, the single source of truth for them. It declines on:
 * <ul>
 *   <li>an empty body, a body that is not one object, a parse error, tokens after the object;</li>
 *   <li>a member the API record does not hold (including the model's {@code StreamId}), or a member
 *       given twice (the tree keeps the last value at the first one's place: not worth copying);</li>
 *   <li>a value of any kind but the usual one: text for strings, enums and base64 blobs, a byte string
 *       for blobs, an {@code int} for {@code Limit}, a number for {@code Timestamp} (an integer in
 *       CBOR), an object for each record; a null list element;</li>
 *   <li>any constraint violation (checked with {@link ValueChecks} against the model's shapes), a
 *       missing required member, or base64 that is not canonical.</li>
 * </ul>
 * Explicit nulls of optional members are read as absent, as the generic path reads them. What counts
 * as required, and every bound, pattern and enum, comes from the model; the members it handles are
 * named here and checked against the model when the class loads (a model with a required member
 * this class does not read fails loudly there, and so does every test).
 *
 * <p>It parses with the same {@link ObjectReader} settings as the generic path's
 * {@code readTree}, so both see the same tokens, strings and numbers and fail on the same syntax.
 *
 * <p>Stateless and thread-safe: everything static is immutable; each call has its own parser.
 */
final class StreamingRequestDecoder {

    private static final ServiceModel MODEL = ServiceModel.kinesis();
    private static final Map<WireFormat, ObjectReader> READERS = new EnumMap<>(WireFormat.class);

    static {
        for (WireFormat format : WireFormat.values()) {
            READERS.put(format, format.mapper().reader());
        }
    }

    private static final Structure PUT_RECORDS = Structure.inputOf("PutRecords", "Records", "StreamName", "StreamARN");
    private static final int PUT_RECORDS_RECORDS = 0;
    private static final int PUT_RECORDS_STREAM_NAME = 1;

    private static final Shape ENTRY_LIST = PUT_RECORDS.shape(PUT_RECORDS_RECORDS);
    private static final long MAX_ENTRIES = ENTRY_LIST.max() == null ? Long.MAX_VALUE : ENTRY_LIST.max();
    private static final Structure ENTRY = new Structure(MODEL.shape(ENTRY_LIST.listMember()),
            "Data", "PartitionKey", "ExplicitHashKey");
    private static final int ENTRY_DATA = 0;
    private static final int ENTRY_PARTITION_KEY = 1;

    private static final Structure PUT_RECORD = Structure.inputOf("PutRecord",
            "Data", "PartitionKey", "ExplicitHashKey", "SequenceNumberForOrdering", "StreamName", "StreamARN");
    private static final int PUT_RECORD_DATA = 0;
    private static final int PUT_RECORD_PARTITION_KEY = 1;
    private static final int PUT_RECORD_EXPLICIT_HASH_KEY = 2;
    private static final int PUT_RECORD_SEQUENCE_NUMBER = 3;
    private static final int PUT_RECORD_STREAM_NAME = 4;

    private static final Structure GET_RECORDS = Structure.inputOf("GetRecords", "ShardIterator", "Limit", "StreamARN");
    private static final int GET_RECORDS_SHARD_ITERATOR = 0;
    private static final int GET_RECORDS_LIMIT = 1;

    private static final Structure GET_SHARD_ITERATOR = Structure.inputOf("GetShardIterator",
            "ShardId", "ShardIteratorType", "StartingSequenceNumber", "Timestamp", "StreamName", "StreamARN");
    private static final int GSI_SHARD_ID = 0;
    private static final int GSI_TYPE = 1;
    private static final int GSI_STARTING_SEQUENCE_NUMBER = 2;
    private static final int GSI_TIMESTAMP = 3;
    private static final int GSI_STREAM_NAME = 4;

    private StreamingRequestDecoder() {
    }

    /**
     * Decodes {@code body} as {@code operation}'s request bound to {@code type}, or returns null if
     * this class does not decode that pair or declines the body (see the class comment). Never throws.
     */
    static <T> T tryDecode(WireFormat format, String operation, byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            return null;
        }
        RequestReader reader = readerFor(operation, type);
        if (reader == null) {
            return null;
        }
        try (JsonParser parser = READERS.get(format).createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Object request = reader.read(parser, format);
            // The generic path's readTree fails on trailing tokens (FAIL_ON_TRAILING_TOKENS).
            return parser.nextToken() == null ? type.cast(request) : null;
        } catch (IOException | RuntimeException e) {
            // FastPathDeclined, a parse error, or anything unforeseen: the generic path decides.
            return null;
        }
    }

    private static RequestReader readerFor(String operation, Class<?> type) {
        return switch (operation) {
            case "PutRecords" -> type == PutRecordsRequest.class ? StreamingRequestDecoder::putRecords : null;
            case "PutRecord" -> type == PutRecordRequest.class ? StreamingRequestDecoder::putRecord : null;
            case "GetRecords" -> type == GetRecordsRequest.class ? StreamingRequestDecoder::getRecords : null;
            case "GetShardIterator" -> type == GetShardIteratorRequest.class
                    ? StreamingRequestDecoder::getShardIterator : null;
            default -> null;
        };
    }

    /** Reads one request object whose START_OBJECT is the current token, through its END_OBJECT. */
    @FunctionalInterface
    private interface RequestReader {
        Object read(JsonParser parser, WireFormat format) throws IOException;
    }

    private static PutRecordsRequest putRecords(JsonParser p, WireFormat format) throws IOException {
        List<PutRecordsRequestEntry> records = null;
        String streamName = null;
        String streamARN = null;
        Members members = new Members(PUT_RECORDS, p);
        for (int m = members.next(); m >= 0; m = members.next()) {
            switch (m) {
                case PUT_RECORDS_RECORDS -> records = entries(p);
                case PUT_RECORDS_STREAM_NAME -> streamName = string(p, PUT_RECORDS.shape(m));
                default -> streamARN = string(p, PUT_RECORDS.shape(m));
            }
        }
        members.requireComplete();
        return new PutRecordsRequest(records, streamName, streamARN);
    }

    private static List<PutRecordsRequestEntry> entries(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY);
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            if (entries.size() >= MAX_ENTRIES) {
                throw FastPathDeclined.INSTANCE;
            }
            entries.add(entry(p));
        }
        // Anything but the end here is a null or non-object element: the generic path words it.
        expect(p, JsonToken.END_ARRAY);
        if (!ValueChecks.length(ENTRY_LIST, entries.size())) {
            throw FastPathDeclined.INSTANCE;
        }
        return entries;
    }

    private static PutRecordsRequestEntry entry(JsonParser p) throws IOException {
        byte[] data = null;
        String partitionKey = null;
        String explicitHashKey = null;
        Members members = new Members(ENTRY, p);
        for (int m = members.next(); m >= 0; m = members.next()) {
            switch (m) {
                case ENTRY_DATA -> data = blob(p, ENTRY.shape(m));
                case ENTRY_PARTITION_KEY -> partitionKey = string(p, ENTRY.shape(m));
                default -> explicitHashKey = string(p, ENTRY.shape(m));
            }
        }
        members.requireComplete();
        return new PutRecordsRequestEntry(data, explicitHashKey, partitionKey);
    }

    private static PutRecordRequest putRecord(JsonParser p, WireFormat format) throws IOException {
        byte[] data = null;
        String partitionKey = null;
        String explicitHashKey = null;
        String sequenceNumberForOrdering = null;
        String streamName = null;
        String streamARN = null;
        Members members = new Members(PUT_RECORD, p);
        for (int m = members.next(); m >= 0; m = members.next()) {
            switch (m) {
                case PUT_RECORD_DATA -> data = blob(p, PUT_RECORD.shape(m));
                case PUT_RECORD_PARTITION_KEY -> partitionKey = string(p, PUT_RECORD.shape(m));
                case PUT_RECORD_EXPLICIT_HASH_KEY -> explicitHashKey = string(p, PUT_RECORD.shape(m));
                case PUT_RECORD_SEQUENCE_NUMBER -> sequenceNumberForOrdering = string(p, PUT_RECORD.shape(m));
                case PUT_RECORD_STREAM_NAME -> streamName = string(p, PUT_RECORD.shape(m));
                default -> streamARN = string(p, PUT_RECORD.shape(m));
            }
        }
        members.requireComplete();
        return new PutRecordRequest(streamName, data, partitionKey, explicitHashKey, sequenceNumberForOrdering, streamARN);
    }

    private static GetRecordsRequest getRecords(JsonParser p, WireFormat format) throws IOException {
        String shardIterator = null;
        Integer limit = null;
        String streamARN = null;
        Members members = new Members(GET_RECORDS, p);
        for (int m = members.next(); m >= 0; m = members.next()) {
            switch (m) {
                case GET_RECORDS_SHARD_ITERATOR -> shardIterator = string(p, GET_RECORDS.shape(m));
                case GET_RECORDS_LIMIT -> limit = integer(p, GET_RECORDS.shape(m));
                default -> streamARN = string(p, GET_RECORDS.shape(m));
            }
        }
        members.requireComplete();
        return new GetRecordsRequest(shardIterator, limit, streamARN);
    }

    private static GetShardIteratorRequest getShardIterator(JsonParser p, WireFormat format) throws IOException {
        String shardId = null;
        ShardIteratorType type = null;
        String startingSequenceNumber = null;
        Instant timestamp = null;
        String streamName = null;
        String streamARN = null;
        Members members = new Members(GET_SHARD_ITERATOR, p);
        for (int m = members.next(); m >= 0; m = members.next()) {
            switch (m) {
                case GSI_SHARD_ID -> shardId = string(p, GET_SHARD_ITERATOR.shape(m));
                // Jackson binds enums by name; the model's enum check comes first, in string().
                case GSI_TYPE -> type = ShardIteratorType.valueOf(string(p, GET_SHARD_ITERATOR.shape(m)));
                case GSI_STARTING_SEQUENCE_NUMBER -> startingSequenceNumber = string(p, GET_SHARD_ITERATOR.shape(m));
                case GSI_TIMESTAMP -> timestamp = timestamp(p, format);
                case GSI_STREAM_NAME -> streamName = string(p, GET_SHARD_ITERATOR.shape(m));
                default -> streamARN = string(p, GET_SHARD_ITERATOR.shape(m));
            }
        }
        members.requireComplete();
        return new GetShardIteratorRequest(streamName, shardId, type, startingSequenceNumber, timestamp, streamARN);
    }

    /** A string member: text only (the generic path rejects other kinds), valid for its shape. */
    private static String string(JsonParser p, Shape shape) throws IOException {
        expect(p, JsonToken.VALUE_STRING);
        String text = p.getText();
        if (!ValueChecks.string(shape, text)) {
            throw FastPathDeclined.INSTANCE;
        }
        return text;
    }

    /**
     * A blob member, as the generic path reads blobs in either format: a byte string as is (CBOR;
     * the parser's fresh array is kept, no copy), text as canonical base64 read from the parser's
     * character buffer ({@link Base64Blobs#decodeCanonical}).
     */
    private static byte[] blob(JsonParser p, Shape shape) throws IOException {
        byte[] bytes;
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_EMBEDDED_OBJECT && p.getEmbeddedObject() instanceof byte[] binary) {
            bytes = binary;
        } else if (token == JsonToken.VALUE_STRING) {
            bytes = Base64Blobs.decodeCanonical(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        } else {
            bytes = null;
        }
        if (bytes == null || !ValueChecks.length(shape, bytes.length)) {
            throw FastPathDeclined.INSTANCE;
        }
        return bytes;
    }

    /** An integer member that is an int on the wire; fractions and big numbers go the generic way. */
    private static Integer integer(JsonParser p, Shape shape) throws IOException {
        expect(p, JsonToken.VALUE_NUMBER_INT);
        if (p.getNumberType() != NumberType.INT) {
            throw FastPathDeclined.INSTANCE;
        }
        int value = p.getIntValue();
        if (!ValueChecks.value(shape, value)) {
            throw FastPathDeclined.INSTANCE;
        }
        return value;
    }

    /**
     * A timestamp, truncated to milliseconds as {@link WireTypeChecker} does it: JSON epoch seconds
     * (integral or decimal) through the same {@link Numbers#floorClamped}; CBOR epoch millis, tagged
     * or not, when an int or long (floats and big numbers go the generic way).
     */
    private static Instant timestamp(JsonParser p, WireFormat format) throws IOException {
        JsonToken token = p.currentToken();
        if (format == WireFormat.JSON && (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT)) {
            return Instant.ofEpochMilli(Numbers.floorClamped(p.getDecimalValue().movePointRight(3),
                    Long.MIN_VALUE, Long.MAX_VALUE));
        }
        if (format == WireFormat.CBOR && token == JsonToken.VALUE_NUMBER_INT
                && (p.getNumberType() == NumberType.INT || p.getNumberType() == NumberType.LONG)) {
            return Instant.ofEpochMilli(p.getLongValue());
        }
        throw FastPathDeclined.INSTANCE;
    }

    private static void expect(JsonParser p, JsonToken token) {
        if (p.currentToken() != token) {
            throw FastPathDeclined.INSTANCE;
        }
    }

    /**
     * The members of one structure this class reads, in a fixed order (index = position in the
     * constructor's names), with each one's shape and which are required, taken from the model.
     * Immutable and thread-safe.
     */
    private static final class Structure {
        private final String[] names;
        private final Shape[] shapes;
        private final int requiredMask;

        Structure(Shape structure, String... names) {
            this.names = names;
            this.shapes = new Shape[names.length];
            int required = 0;
            for (int i = 0; i < names.length; i++) {
                Member member = structure.member(names[i]);
                if (member == null) {
                    throw new IllegalStateException("The model's " + structure.name() + " has no member " + names[i]);
                }
                shapes[i] = MODEL.shape(member.shape());
                required |= member.required() ? 1 << i : 0;
            }
            for (Member member : structure.members()) {
                if (member.required() && !List.of(names).contains(member.name())) {
                    throw new IllegalStateException("The streaming decoder does not read " + structure.name()
                            + "'s required member " + member.name());
                }
            }
            this.requiredMask = required;
        }

        static Structure inputOf(String operation, String... names) {
            return new Structure(MODEL.shape(MODEL.operation(operation).input()), names);
        }

        Shape shape(int index) {
            return shapes[index];
        }

        /** The index of a member name, or -1 if this class does not read it (unknown to the model, or StreamId). */
        int indexOf(String name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /**
     * Walks the members of one object of a {@link Structure}, declining unknown and repeated ones,
     * skipping explicit nulls, and checking at the end that every required member had a value.
     * Not thread-safe: one per object being read.
     */
    private static final class Members {
        private final Structure structure;
        private final JsonParser parser;
        private int named;
        private int given;

        Members(Structure structure, JsonParser parser) {
            this.structure = structure;
            this.parser = parser;
        }

        /**
         * Advances to the next member that has a non-null value, leaving the parser on that value,
         * and returns its index; returns -1 at the end of the object.
         */
        int next() throws IOException {
            for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                int index = structure.indexOf(name);
                if (index < 0 || (named & (1 << index)) != 0) {
                    throw FastPathDeclined.INSTANCE;
                }
                named |= 1 << index;
                if (parser.nextToken() != JsonToken.VALUE_NULL) {
                    given |= 1 << index;
                    return index;
                }
            }
            return -1;
        }

        /** Declines unless the object ended properly and every required member had a value. */
        void requireComplete() {
            if (parser.currentToken() != JsonToken.END_OBJECT
                    || (given & structure.requiredMask) != structure.requiredMask) {
                throw FastPathDeclined.INSTANCE;
            }
        }
    }
}
