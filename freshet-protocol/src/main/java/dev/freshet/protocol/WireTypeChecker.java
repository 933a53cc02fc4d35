package dev.freshet.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freshet.api.errors.SerializationException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * The first of AWS's two request checks: does each member have the right kind of value? Walks the
 * parsed request in document order against the model and throws AWS's
 * {@link SerializationException} at the first mismatch, as AWS's streaming parser does.
 *
 * <p>It returns a normalized copy that the binder and the constraint check can trust: unknown and
 * null members dropped, numbers floored and clamped to their type as AWS's truncating numbers are,
 * boolean words turned into booleans, base64 blobs decoded, timestamps truncated to whole epoch
 * milliseconds that a {@code long} holds.
 *
 * <p>Immutable and thread-safe.
 */
final class WireTypeChecker {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ServiceModel model;
    private final WireFormat format;

    WireTypeChecker(ServiceModel model, WireFormat format) {
        this.model = model;
        this.format = format;
    }

    JsonNode check(Shape shape, JsonNode node) {
        return switch (shape.type()) {
            case STRUCTURE -> structure(shape, node);
            case LIST -> list(shape, node);
            case MAP -> map(shape, node);
            case STRING -> string(node);
            case INTEGER -> integer(node);
            case LONG -> LongNode.valueOf(truncate(node, "an Long", Long.MIN_VALUE, Long.MAX_VALUE));
            case BOOLEAN -> bool(node);
            case BLOB -> blob(node);
            case TIMESTAMP -> timestamp(node);
        };
    }

    private ObjectNode structure(Shape shape, JsonNode node) {
        if (node.isArray()) {
            throw startOfList();
        }
        if (!node.isObject()) {
            throw new SerializationException("Expected null");
        }
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            Member member = shape.member(field.getKey());
            // AWS ignores members it does not know, and treats an explicit null as absent.
            if (member != null && !field.getValue().isNull()) {
                out.set(member.name(), check(model.shape(member.shape()), field.getValue()));
            }
        }
        return out;
    }

    private ArrayNode list(Shape shape, JsonNode node) {
        if (node.isObject()) {
            throw startOfStructure();
        }
        if (!node.isArray()) {
            throw new SerializationException("Expected list or null");
        }
        Shape element = model.shape(shape.listMember());
        ArrayNode out = NODES.arrayNode(node.size());
        // Null elements stay, for the constraint check to report: a list with holes is not a valid list.
        node.forEach(item -> out.add(item.isNull() ? item : check(element, item)));
        return out;
    }

    private ObjectNode map(Shape shape, JsonNode node) {
        if (node.isArray()) {
            throw startOfList();
        }
        if (!node.isObject()) {
            throw new SerializationException("Expected map or null");
        }
        Shape value = model.shape(shape.mapValue());
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            JsonNode item = entry.getValue();
            out.set(entry.getKey(), item.isNull() ? item : check(value, item));
        }
        return out;
    }

    private JsonNode string(JsonNode node) {
        if (!node.isTextual()) {
            throw scalarMismatch(node, "an String");
        }
        return node;
    }

    private static JsonNode integer(JsonNode node) {
        return IntNode.valueOf((int) truncate(node, "an Integer", Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    /** Floors a number and clamps it into [min, max], as AWS's truncating numbers do. */
    private static long truncate(JsonNode node, String target, long min, long max) {
        return Numbers.floorClamped(finiteNumber(node, target), min, max);
    }

    private JsonNode bool(JsonNode node) {
        if (node.isBoolean()) {
            return node;
        }
        if (node.isTextual()) {
            switch (node.asText().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1":
                    return BooleanNode.TRUE;
                case "false", "no", "0":
                    return BooleanNode.FALSE;
                default:
                    throw new SerializationException("'" + node.asText().toUpperCase(Locale.ROOT)
                            + "' can not be converted to an Boolean");
            }
        }
        throw scalarMismatch(node, "an Boolean");
    }

    private JsonNode blob(JsonNode node) {
        if (node.isBinary()) {
            return node;
        }
        if (node.isTextual()) {
            return BinaryNode.valueOf(Base64Blobs.decode(node.asText()));
        }
        throw scalarMismatch(node, "a Blob");
    }

    /** Timestamps become exact epoch milliseconds: seconds with three decimals in JSON, millis in CBOR. */
    private JsonNode timestamp(JsonNode node) {
        BigDecimal value = finiteNumber(node, "milliseconds since epoch");
        if (format == WireFormat.JSON) {
            long millis = Numbers.floorClamped(value.movePointRight(3), Long.MIN_VALUE, Long.MAX_VALUE);
            return DecimalNode.valueOf(BigDecimal.valueOf(millis, 3));
        }
        return LongNode.valueOf(Numbers.floorClamped(value, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    private static BigDecimal finiteNumber(JsonNode node, String target) {
        if (!node.isNumber()) {
            throw scalarMismatch(node, target);
        }
        // CBOR can carry NaN and infinities, which no AWS number type holds.
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            throw new SerializationException("class " + javaClassOf(node) + " can not be converted to " + target);
        }
        return node.decimalValue();
    }

    private static SerializationException scalarMismatch(JsonNode node, String target) {
        if (node.isArray()) {
            return startOfList();
        }
        if (node.isObject()) {
            return startOfStructure();
        }
        return new SerializationException("class " + javaClassOf(node) + " can not be converted to " + target);
    }

    /** The Java class AWS's parser reports for a value it cannot convert. */
    private static String javaClassOf(JsonNode node) {
        if (node.isBoolean()) {
            return "java.lang.Boolean";
        }
        if (node.isNumber()) {
            return "com.amazon.coral.value.json.numbers.TruncatingBigNumber";
        }
        if (node.isTextual()) {
            return "java.lang.String";
        }
        if (node.isBinary()) {
            return "java.nio.HeapByteBuffer";
        }
        return "java.lang.Object";
    }

    private static SerializationException startOfList() {
        return new SerializationException("Start of list found where not expected");
    }

    private static SerializationException startOfStructure() {
        return new SerializationException("Start of structure or map found where not expected.");
    }
}
