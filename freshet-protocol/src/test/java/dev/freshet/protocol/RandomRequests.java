package dev.freshet.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Random request bodies for the operations with a streaming decoder (PutRecords, PutRecord,
 * GetRecords, GetShardIterator), in either wire format: valid ones as clients write them, and
 * mutated ones, invalid or merely unusual, from a wrong kind or a broken constraint in one member up
 * to bytes that do not parse.
 *
 * <p>Documents are built as {@link Obj}ects (ordered fields, repeats allowed) so a body can say what
 * a map cannot; lists are Java lists; scalars are String, Integer, Long, BigInteger, BigDecimal,
 * Double, Boolean, byte[] (a byte string in CBOR, base64 text in JSON), null; {@link Tagged} puts a
 * CBOR tag on a value (ignored in JSON).
 *
 * <p>Not thread-safe: one instance per test, driven by its seeded Random.
 */
final class RandomRequests {

    static final List<String> OPERATIONS = List.of("PutRecords", "PutRecord", "GetRecords", "GetShardIterator");

    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();
    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
    private static final String[] TEXT_PIECES = {"a", "Z", "0", " ", "-", "\"", "\\", "/", "\n", "\u0001", "é", "名",
        "\uD83D\uDE00", "\u2028", "<", "&", "\u007F"};
    private static final String[] ITERATOR_TYPES = {"AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON",
        "LATEST", "AT_TIMESTAMP"};

    /** An object with fields in order; names may repeat. */
    record Obj(List<Field> fields) {
        Obj() {
            this(new ArrayList<>());
        }

        Obj with(String name, Object value) {
            fields.add(new Field(name, value));
            return this;
        }
    }

    /** One member of an {@link Obj}. */
    record Field(String name, Object value) {
    }

    /** A value with a CBOR tag in front of it. */
    record Tagged(int tag, Object value) {
    }

    private final Random random;

    RandomRequests(Random random) {
        this.random = random;
    }

    // ---------------------------------------------------------------- valid documents

    /** A valid request of {@code operation} as a client would send it. */
    Obj valid(String operation, WireFormat format) {
        return switch (operation) {
            case "PutRecords" -> putRecords(format);
            case "PutRecord" -> putRecord(format);
            case "GetRecords" -> getRecords();
            case "GetShardIterator" -> getShardIterator(format);
            default -> throw new IllegalArgumentException(operation);
        };
    }

    private Obj putRecords(WireFormat format) {
        Obj doc = new Obj();
        addStream(doc);
        int count = random.nextInt(10) == 0 ? 500 : 1 + random.nextInt(random.nextBoolean() ? 5 : 60);
        List<Object> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Obj entry = new Obj().with("Data", data()).with("PartitionKey", text(1, 256));
            if (random.nextInt(4) == 0) {
                entry.with("ExplicitHashKey", hashKey());
            }
            entries.add(shuffled(entry));
        }
        doc.with("Records", entries);
        return shuffled(doc);
    }

    private Obj putRecord(WireFormat format) {
        Obj doc = new Obj().with("Data", data()).with("PartitionKey", text(1, 256));
        addStream(doc);
        if (random.nextInt(3) == 0) {
            doc.with("ExplicitHashKey", hashKey());
        }
        if (random.nextInt(3) == 0) {
            doc.with("SequenceNumberForOrdering", sequenceNumber());
        }
        return shuffled(doc);
    }

    private Obj getRecords() {
        Obj doc = new Obj().with("ShardIterator", text(1, 512));
        if (random.nextBoolean()) {
            doc.with("Limit", 1 + random.nextInt(10_000));
        }
        if (random.nextInt(4) == 0) {
            doc.with("StreamARN", arn());
        }
        return shuffled(doc);
    }

    private Obj getShardIterator(WireFormat format) {
        String type = ITERATOR_TYPES[random.nextInt(ITERATOR_TYPES.length)];
        Obj doc = new Obj().with("ShardId", name(1, 128)).with("ShardIteratorType", type);
        addStream(doc);
        if (type.endsWith("SEQUENCE_NUMBER") || random.nextInt(5) == 0) {
            doc.with("StartingSequenceNumber", sequenceNumber());
        }
        if (type.equals("AT_TIMESTAMP") || random.nextInt(5) == 0) {
            doc.with("Timestamp", timestamp(format));
        }
        return shuffled(doc);
    }

    private void addStream(Obj doc) {
        int which = random.nextInt(4);
        if (which != 1) {
            doc.with("StreamName", name(1, 128));
        }
        if (which >= 1 && which <= 2) {
            doc.with("StreamARN", arn());
        }
    }

    private Object timestamp(WireFormat format) {
        long millis = random.nextInt(4) == 0 ? random.nextLong() >> random.nextInt(64)
                : 1_700_000_000_000L + random.nextInt(1_000_000_000);
        if (format == WireFormat.CBOR) {
            return random.nextBoolean() ? new Tagged(1, millis) : millis;
        }
        return switch (random.nextInt(3)) {
            case 0 -> millis / 1000;
            case 1 -> BigDecimal.valueOf(millis, 3);
            default -> BigDecimal.valueOf(millis * 1000 + random.nextInt(1000), 6);
        };
    }

    // ---------------------------------------------------------------- mutations

    /**
     * Changes one random member of {@code doc} (possibly inside a record entry) to something invalid
     * or unusual; call it several times for several changes.
     */
    void mutate(Obj doc, WireFormat format) {
        Obj target = pickObject(doc);
        int choice = random.nextInt(12);
        if (target.fields().isEmpty() && choice < 6) {
            choice = 6;
        }
        Field field = target.fields().isEmpty() ? null : target.fields().get(random.nextInt(target.fields().size()));
        int index = field == null ? -1 : target.fields().indexOf(field);
        switch (choice) {
            case 0 -> target.fields().remove(index);
            case 1 -> target.fields().set(index, new Field(field.name(), null));
            case 2 -> target.fields().set(index, new Field(field.name(), wrongKind()));
            case 3, 4 -> target.fields().set(index, new Field(field.name(), invalidValue(field.name(), format)));
            case 5 -> target.fields().add(random.nextInt(target.fields().size() + 1),
                    new Field(field.name(), random.nextBoolean() ? field.value() : invalidValue(field.name(), format)));
            case 6 -> target.fields().add(new Field(random.nextBoolean() ? "Surprise" : "streamName", anyValue(2)));
            case 7 -> target.fields().add(new Field("StreamId", random.nextBoolean() ? "abcdefghij0123456789-abc" : "x"));
            case 8 -> target.fields().add(new Field(memberName(), null));
            default -> {
                String name = memberName();
                target.fields().add(new Field(name, random.nextBoolean() ? wrongKind() : invalidValue(name, format)));
            }
        }
    }

    /** Damages the bytes of a written body: cut, flipped, padded or followed by more. */
    byte[] damage(byte[] body) {
        return switch (random.nextInt(6)) {
            case 0 -> Arrays.copyOf(body, random.nextInt(body.length + 1));
            case 1 -> {
                byte[] copy = body.clone();
                if (copy.length > 0) {
                    copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield copy;
            }
            case 2 -> concat(body, new byte[] {' ', 'x'});
            case 3 -> concat(body, body);
            case 4 -> concat(" \n\t".getBytes(StandardCharsets.UTF_8), body);
            default -> new byte[0];
        };
    }

    private Obj pickObject(Obj doc) {
        for (Field f : doc.fields()) {
            if (f.name().equals("Records") && f.value() instanceof List<?> list && !list.isEmpty()
                    && random.nextBoolean() && list.get(random.nextInt(list.size())) instanceof Obj entry) {
                return entry;
            }
        }
        return doc;
    }

    private String memberName() {
        String[] names = {"Records", "StreamName", "StreamARN", "Data", "PartitionKey", "ExplicitHashKey",
            "SequenceNumberForOrdering", "ShardIterator", "Limit", "ShardId", "ShardIteratorType",
            "StartingSequenceNumber", "Timestamp"};
        return names[random.nextInt(names.length)];
    }

    private Object wrongKind() {
        return switch (random.nextInt(9)) {
            case 0 -> 5;
            case 1 -> new BigDecimal("5.5");
            case 2 -> random.nextBoolean();
            case 3 -> "text";
            case 4 -> new ArrayList<>();
            case 5 -> new Obj();
            case 6 -> new byte[] {1, 2};
            case 7 -> new ArrayList<>(List.of(new Obj().with("Data", new byte[0])));
            default -> null;
        };
    }

    /** A value of the member's kind that breaks one of its constraints, or an unusual but valid one. */
    private Object invalidValue(String name, WireFormat format) {
        return switch (name) {
            case "StreamName", "ShardId" -> pick("", "a b", "x".repeat(129), "名前", "ok-name", "s".repeat(128));
            case "StreamARN" -> pick("", "arn:aws:kinesis:us-east-1:12:stream/s",
                    "arn:aws:kinesis:us-east-1:123456789012:stream/", "arn:aws:kinesis:x:123456789012:stream/" + "s".repeat(2049),
                    arn());
            case "PartitionKey" -> pick("", "k".repeat(257), "\uD83D\uDE00".repeat(129), "k".repeat(256), "\uD83D\uDE00");
            case "ExplicitHashKey" -> pick("", "01", "1".repeat(40), "12x", "-1", "1".repeat(39), "0", "٣");
            case "SequenceNumberForOrdering", "StartingSequenceNumber" -> pick("", "01", "1".repeat(130), "1".repeat(129));
            case "ShardIterator" -> pick("", "i".repeat(513), "i".repeat(512));
            case "Limit" -> pick(0, -1, 10_001, 10_000, Integer.MAX_VALUE + 1L, BigInteger.TWO.pow(70), new BigDecimal("5.9"),
                    new BigDecimal("1E+3"), new BigDecimal("0.5"), "5", 5.0, Double.NaN, new Tagged(1, 7));
            case "ShardIteratorType" -> pick("latest", "", "AT_TIMESTAMP ", "LATEST");
            case "Timestamp" -> pick("2020-01-01T00:00:00Z", true, new BigDecimal("1e999999999"),
                    new BigDecimal("-1e999999999"), BigInteger.TWO.pow(80), 1.5, Double.NaN, -5, 0,
                    new BigDecimal("1700000000.1239999"), Long.MAX_VALUE, Long.MIN_VALUE, new Tagged(1, 1.25));
            case "Data" -> badData(format);
            case "Records" -> badRecords();
            default -> anyValue(1);
        };
    }

    private Object badData(WireFormat format) {
        if (random.nextInt(40) == 0) {
            return new byte[10 * 1024 * 1024 + random.nextInt(2)];
        }
        String valid = Base64.getEncoder().encodeToString(bytes(random.nextInt(20)));
        return pick("23456", "=+/=", "ab$d", "+/+=", "A===", "====", "AB=C", "AB C", "AQID\n", "QQ==", "QR==", "QUI=",
                "QUJ=", "AQ", "é===", valid, valid.replace('=', 'A'), "-_-_", format == WireFormat.CBOR ? valid : bytes(3));
    }

    private Object badRecords() {
        List<Object> list = new ArrayList<>();
        switch (random.nextInt(6)) {
            case 0 -> {
                // empty
            }
            case 1 -> {
                for (int i = 0; i < 501; i++) {
                    list.add(new Obj().with("Data", new byte[0]).with("PartitionKey", "k"));
                }
            }
            case 2 -> {
                list.add(new Obj().with("Data", new byte[0]).with("PartitionKey", "k"));
                list.add(null);
            }
            case 3 -> list.add("r");
            case 4 -> list.add(new ArrayList<>());
            default -> {
                return new Obj().with("Data", new byte[0]);
            }
        }
        return list;
    }

    private Object anyValue(int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 6);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextInt();
            case 2 -> text(0, 10);
            case 3 -> random.nextBoolean();
            case 4 -> new BigDecimal("-3.25");
            case 5 -> bytes(3);
            case 6 -> new ArrayList<>(Arrays.asList(anyValue(depth - 1), anyValue(depth - 1)));
            default -> new Obj().with("x", anyValue(depth - 1));
        };
    }

    // ---------------------------------------------------------------- scalars

    private Object data() {
        int length = switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> 1 + random.nextInt(3);
            case 2 -> 1000 + random.nextInt(5000);
            default -> random.nextInt(200);
        };
        return bytes(length);
    }

    byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Text of {@code min..max} UTF-16 units with escapes, non-ASCII and surrogate pairs. */
    String text(int min, int max) {
        int target = min + random.nextInt(Math.min(max - min + 1, random.nextBoolean() ? 20 : max - min + 1));
        StringBuilder sb = new StringBuilder();
        while (sb.length() < target) {
            String piece = TEXT_PIECES[random.nextInt(TEXT_PIECES.length)];
            if (sb.length() + piece.length() > max) {
                piece = "a";
            }
            sb.append(piece);
        }
        return sb.toString();
    }

    private String name(int min, int max) {
        int length = min + random.nextInt(Math.min(max - min + 1, random.nextBoolean() ? 16 : max - min + 1));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return sb.toString();
    }

    private String arn() {
        return "arn:aws:kinesis:us-east-1:" + (100_000_000_000L + random.nextInt(900_000_000)) + ":stream/" + name(1, 40);
    }

    private String hashKey() {
        return random.nextInt(10) == 0 ? "0" : digits(1 + random.nextInt(39));
    }

    private String sequenceNumber() {
        return random.nextInt(10) == 0 ? "0" : digits(1 + random.nextInt(random.nextBoolean() ? 56 : 129));
    }

    private String digits(int length) {
        StringBuilder sb = new StringBuilder().append((char) ('1' + random.nextInt(9)));
        while (sb.length() < length) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private Obj shuffled(Obj obj) {
        if (random.nextInt(3) == 0) {
            java.util.Collections.shuffle(obj.fields(), random);
        }
        return obj;
    }

    // ---------------------------------------------------------------- writing

    /** The document in {@code format}; CBOR maps and arrays are definite or indefinite at random. */
    byte[] write(Object document, WireFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = format == WireFormat.JSON ? JSON.createGenerator(out) : CBOR.createGenerator(out)) {
            writeValue(g, document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Obj obj) {
            if (random.nextBoolean()) {
                g.writeStartObject(obj, obj.fields().size());
            } else {
                g.writeStartObject();
            }
            for (Field field : obj.fields()) {
                g.writeFieldName(field.name());
                writeValue(g, field.value());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            if (random.nextBoolean()) {
                g.writeStartArray(list, list.size());
            } else {
                g.writeStartArray();
            }
            for (Object item : list) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof Tagged tagged) {
            if (g instanceof CBORGenerator cbor) {
                cbor.writeTag(tagged.tag());
            }
            writeValue(g, tagged.value());
        } else {
            writeScalar(g, value);
        }
    }

    private static void writeScalar(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Integer i) {
            g.writeNumber(i);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else if (value instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (value instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof byte[] bytes) {
            g.writeBinary(bytes);
        } else {
            throw new IllegalArgumentException("Cannot write " + value.getClass());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
