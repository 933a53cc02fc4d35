package dev.freshet.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A Kinesis client that builds request bodies by hand with Jackson's streaming generator and reads the
 * answers of the hot operations (PutRecords, PutRecord, GetRecords) with its streaming parser, over
 * blocking HTTP/1.1 keep-alive connections ({@link HttpConnectionPool}; {@code http://} endpoints only).
 * It costs a fraction of what the AWS SDK does per record, so that on a small machine the client is not
 * what limits the figures.
 *
 * <p>Requests are not really signed: they carry a well-formed SigV4 {@code Authorization} header with a
 * fixed fake signature, and {@code X-Amz-Date}. Freshet reads only the access key and region from it;
 * kinesalite and kinesis-local require the header and the date to be present but check nothing else.
 *
 * <p>Thread-safe: the connection pool is, each call uses its own connection, generator, parser and
 * buffers, and the fields are immutable.
 */
final class RawKinesis implements Kinesis {

    static final String TARGET_PREFIX = "Kinesis_20131202.";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final DateTimeFormatter SCOPE_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final String FAKE_SIGNATURE = "0".repeat(64);

    private final WireEncoding encoding;
    private final String region;
    private final String accessKey;
    private final HttpConnectionPool connections;
    private final ObjectMapper mapper;

    /** @throws IllegalArgumentException if the endpoint is not {@code http://HOST[:PORT]} */
    RawKinesis(URI endpoint, WireEncoding encoding, String region, String accessKey, Duration requestTimeout) {
        if (!"http".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("the raw client speaks http://HOST:PORT only: " + endpoint);
        }
        this.encoding = encoding;
        this.region = region;
        this.accessKey = accessKey;
        String host = endpoint.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        this.connections = new HttpConnectionPool(host, endpoint.getPort() < 0 ? 80 : endpoint.getPort(),
                requestTimeout);
        this.mapper = new ObjectMapper(encoding.factory());
    }

    @Override
    public String label() {
        return "raw";
    }

    @Override
    public void createStream(String stream, int shardCount) {
        call("CreateStream", body(g -> {
            g.writeStringField("StreamName", stream);
            g.writeNumberField("ShardCount", shardCount);
        }));
    }

    @Override
    public String streamStatus(String stream) {
        JsonNode answer = tree(call("DescribeStream", body(g -> {
            g.writeStringField("StreamName", stream);
            g.writeNumberField("Limit", 1);
        })));
        return answer.path("StreamDescription").path("StreamStatus").asText(null);
    }

    @Override
    public List<String> shardIds(String stream) {
        List<String> ids = new ArrayList<>();
        String token = null;
        // Bounded: 10,000 pages of up to 1,000 shards is more than any server allows.
        for (int page = 0; page < 10_000; page++) {
            String next = token;
            JsonNode answer = tree(call("ListShards", body(g -> {
                if (next == null) {
                    g.writeStringField("StreamName", stream);
                    g.writeNumberField("MaxResults", 1000);
                } else {
                    g.writeStringField("NextToken", next);
                    g.writeNumberField("MaxResults", 1000);
                }
            })));
            for (JsonNode shard : answer.path("Shards")) {
                ids.add(shard.path("ShardId").asText());
            }
            token = answer.path("NextToken").asText(null);
            if (token == null || answer.path("Shards").isEmpty()) {
                return ids;
            }
        }
        throw new IllegalStateException("ListShards of " + stream + " did not end after 10,000 pages");
    }

    @Override
    public void deleteStream(String stream) {
        call("DeleteStream", body(g -> g.writeStringField("StreamName", stream)));
    }

    @Override
    public PutOutcome putRecords(String stream, List<OutgoingRecord> records) {
        byte[] request = body(g -> {
            g.writeStringField("StreamName", stream);
            g.writeArrayFieldStart("Records");
            for (OutgoingRecord record : records) {
                g.writeStartObject();
                g.writeFieldName("Data");
                g.writeBinary(record.data());
                g.writeStringField("PartitionKey", record.partitionKey());
                if (record.explicitHashKey() != null) {
                    g.writeStringField("ExplicitHashKey", record.explicitHashKey());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        });
        byte[] answer = call("PutRecords", request);
        BitSet rejected = new BitSet(records.size());
        try (JsonParser p = parser(answer)) {
            forEachField(p, field -> {
                if (field.equals("Records") && p.currentToken() == JsonToken.START_ARRAY) {
                    int index = 0;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        int entry = index++;
                        forEachField(p, inner -> {
                            if (inner.equals("ErrorCode") && p.currentToken() != JsonToken.VALUE_NULL) {
                                rejected.set(entry);
                            }
                            p.skipChildren();
                        });
                    }
                } else {
                    p.skipChildren();
                }
            });
        } catch (IOException e) {
            throw new KinesisCallException("PutRecords", "UnreadableAnswer", 200, e.getMessage(), e);
        }
        return new PutOutcome(records.size(), rejected);
    }

    @Override
    public void putRecord(String stream, OutgoingRecord record) {
        call("PutRecord", body(g -> {
            g.writeStringField("StreamName", stream);
            g.writeFieldName("Data");
            g.writeBinary(record.data());
            g.writeStringField("PartitionKey", record.partitionKey());
            if (record.explicitHashKey() != null) {
                g.writeStringField("ExplicitHashKey", record.explicitHashKey());
            }
        }));
    }

    @Override
    public String shardIterator(String stream, String shardId, String iteratorType) {
        JsonNode answer = tree(call("GetShardIterator", body(g -> {
            g.writeStringField("StreamName", stream);
            g.writeStringField("ShardId", shardId);
            g.writeStringField("ShardIteratorType", iteratorType);
        })));
        return answer.path("ShardIterator").asText(null);
    }

    @Override
    public RecordsPage getRecords(String shardIterator, int limit) {
        byte[] answer = call("GetRecords", body(g -> {
            g.writeStringField("ShardIterator", shardIterator);
            g.writeNumberField("Limit", limit);
        }));
        List<byte[]> data = new ArrayList<>();
        String[] next = {null};
        Long[] behind = {null};
        try (JsonParser p = parser(answer)) {
            forEachField(p, field -> {
                switch (field) {
                    case "Records" -> data.addAll(recordData(p));
                    case "NextShardIterator" -> next[0] = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
                    case "MillisBehindLatest" -> behind[0] = p.currentToken() == JsonToken.VALUE_NULL
                            ? null : p.getLongValue();
                    default -> p.skipChildren();
                }
            });
        } catch (IOException e) {
            throw new KinesisCallException("GetRecords", "UnreadableAnswer", 200, e.getMessage(), e);
        }
        return new RecordsPage(data, next[0], behind[0]);
    }

    /**
     * Whether the endpoint serves an operation at all: false only if it answers
     * {@code UnknownOperationException} to a minimal (empty) request for it. Not on {@link Kinesis}:
     * the synchronous SDK client has no event-stream operations to ask with.
     */
    boolean serves(String operation) {
        try {
            call(operation, body(g -> { }));
            return true;
        } catch (KinesisCallException e) {
            return !e.errorType().equals("UnknownOperationException");
        }
    }

    @Override
    public void close() {
        connections.close();
    }

    /** Writes the members of a request object. */
    @FunctionalInterface
    private interface Members {
        void write(JsonGenerator generator) throws IOException;
    }

    /** Reads one member's value; the parser stands on the value's first token. */
    @FunctionalInterface
    private interface FieldReader {
        void read(String field) throws IOException;
    }

    private byte[] body(Members members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        JsonFactory factory = encoding.factory();
        try (JsonGenerator generator = factory.createGenerator(out)) {
            generator.writeStartObject();
            members.write(generator);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private JsonParser parser(byte[] answer) throws IOException {
        JsonParser parser = encoding.factory().createParser(answer);
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("the answer is not an object");
        }
        return parser;
    }

    /** Calls {@code reader} for each member of the object the parser stands on, until its end. */
    /**
     * The Data of each record of a {@code Records} array (of GetRecords or of a SubscribeToShardEvent), the
     * parser standing on the array's start; a record without Data counts as empty.
     */
    static List<byte[]> recordData(JsonParser p) throws IOException {
        List<byte[]> data = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            byte[][] bytes = {null};
            forEachField(p, inner -> {
                if (inner.equals("Data")) {
                    bytes[0] = p.getBinaryValue();
                } else {
                    p.skipChildren();
                }
            });
            data.add(bytes[0] == null ? new byte[0] : bytes[0]);
        }
        return data;
    }

    private static void forEachField(JsonParser p, FieldReader reader) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            reader.read(field);
        }
    }

    private JsonNode tree(byte[] answer) {
        if (answer.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(answer);
        } catch (IOException e) {
            throw new KinesisCallException("?", "UnreadableAnswer", 200, e.getMessage(), e);
        }
    }

    private byte[] call(String operation, byte[] body) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String[] headers = {
            "Content-Type", encoding.contentType(),
            "X-Amz-Target", TARGET_PREFIX + operation,
            "X-Amz-Date", amzDate(now),
            "Authorization", authorization(now, accessKey, region),
        };
        HttpConnection.Answer answer;
        try {
            answer = connections.post(headers, body);
        } catch (IOException e) {
            throw new KinesisCallException(operation, e.getClass().getSimpleName(), 0, e.getMessage(), e);
        }
        if (answer.status() / 100 != 2) {
            throw failure(operation, answer);
        }
        return answer.body();
    }

    /** The {@code X-Amz-Date} of a request sent at {@code now} (UTC). */
    static String amzDate(ZonedDateTime now) {
        return AMZ_DATE.format(now);
    }

    /** A well-formed SigV4 {@code Authorization} header with a fixed fake signature (see the class comment). */
    static String authorization(ZonedDateTime now, String accessKey, String region) {
        return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + SCOPE_DATE.format(now) + "/" + region
                + "/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="
                + FAKE_SIGNATURE;
    }

    private KinesisCallException failure(String operation, HttpConnection.Answer answer) {
        String type = answer.errorType();
        String message = null;
        try {
            JsonNode body = answer.body().length == 0 ? mapper.createObjectNode() : mapper.readTree(answer.body());
            if (body.hasNonNull("__type")) {
                type = body.get("__type").asText();
            }
            message = body.hasNonNull("message") ? body.get("message").asText()
                    : body.hasNonNull("Message") ? body.get("Message").asText() : null;
        } catch (IOException | RuntimeException e) {
            message = "unreadable error body of " + answer.body().length + " bytes";
        }
        return new KinesisCallException(operation, shortType(type), answer.status(), message, null);
    }

    /** {@code com.amazonaws.kinesis#ResourceNotFoundException:http://...} becomes {@code ResourceNotFoundException}. */
    private static String shortType(String type) {
        if (type == null || type.isEmpty()) {
            return "UnknownError";
        }
        String shorter = type;
        int colon = shorter.indexOf(':');
        if (colon >= 0) {
            shorter = shorter.substring(0, colon);
        }
        int hash = shorter.lastIndexOf('#');
        return hash >= 0 ? shorter.substring(hash + 1) : shorter;
    }
}
