package dev.freshet.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.freshet.api.errors.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The second of AWS's two request checks: does each value satisfy its shape's constraints? Runs on
 * the tree {@link WireTypeChecker} normalized and collects every violation, in AWS's order:
 * members in the model's recorded order; within a member: not-null, enum, pattern, then lower and
 * upper bound; a list's or map's own size before its elements.
 *
 * <p>Elements of scalar lists and maps are not reported one by one: AWS reports the whole
 * collection once, listing every constraint of the element shape ({@code Member must satisfy
 * constraint: [...]}, {@code Map keys must ...}, {@code Map value must ...}), upper bound before
 * lower. Structure elements are checked member by member under {@code list.N.member} (1-based).
 *
 * <p>Immutable and thread-safe.
 */
final class ConstraintChecker {

    /** AWS renders a structure inside a list as its generated Java class's default toString. */
    private static final String STRUCTURE_CLASS_PREFIX = "com.amazonaws.kinesis.v20131202.";

    private final ServiceModel model;

    ConstraintChecker(ServiceModel model) {
        this.model = model;
    }

    void checkStructure(Shape shape, JsonNode node, String path, Violations violations) {
        for (Member member : shape.members()) {
            if (violations.isFull()) {
                return;
            }
            String memberPath = path.isEmpty() ? member.messageName() : path + "." + member.messageName();
            check(model.shape(member.shape()), node.get(member.name()), member.required(), memberPath, violations);
        }
    }

    private void check(Shape shape, JsonNode value, boolean required, String path, Violations violations) {
        if (value == null || value.isNull()) {
            if (required) {
                violations.addRendered(path, null, Violations.notNull());
            }
            return;
        }
        switch (shape.type()) {
            case STRUCTURE -> checkStructure(shape, value, path, violations);
            case LIST -> checkList(shape, value, path, violations);
            case MAP -> checkMap(shape, value, path, violations);
            default -> checkScalar(shape, value, path, violations);
        }
    }

    private void checkScalar(Shape shape, JsonNode value, String path, Violations violations) {
        String rendered = render(shape, value);
        for (String constraint : failedScalarConstraints(shape, value)) {
            violations.addRendered(path, rendered, constraint);
        }
    }

    private void checkList(Shape shape, JsonNode list, String path, Violations violations) {
        checkSize(shape, list, path, violations);
        Shape element = model.shape(shape.listMember());
        if (isScalar(element)) {
            for (JsonNode item : list) {
                if (item.isNull() || !failedScalarConstraints(element, item).isEmpty()) {
                    violations.addRendered(path, render(shape, list),
                            "Member must satisfy constraint: " + describe(element));
                    return;
                }
            }
            return;
        }
        for (int i = 0; i < list.size() && !violations.isFull(); i++) {
            check(element, list.get(i), true, path + "." + (i + 1) + ".member", violations);
        }
    }

    private void checkMap(Shape shape, JsonNode map, String path, Violations violations) {
        checkSize(shape, map, path, violations);
        Shape key = model.shape(shape.mapKey());
        Shape value = model.shape(shape.mapValue());
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(map.properties());
        if (entries.stream().anyMatch(e -> !failedScalarConstraints(key, TextNode.valueOf(e.getKey())).isEmpty())) {
            violations.addRendered(path, render(shape, map), "Map keys must satisfy constraint: " + describe(key));
        }
        if (!isScalar(value)) {
            for (Map.Entry<String, JsonNode> e : entries) {
                check(value, e.getValue(), true, path + "." + e.getKey() + ".member", violations);
            }
            return;
        }
        if (entries.stream().anyMatch(e -> e.getValue().isNull() || !failedScalarConstraints(value, e.getValue()).isEmpty())) {
            violations.addRendered(path, render(shape, map), "Map value must satisfy constraint: " + describe(value));
        }
    }

    /** Size bounds of a list or map: AWS words them as lengths. */
    private void checkSize(Shape shape, JsonNode collection, String path, Violations violations) {
        int size = collection.size();
        if (shape.min() != null && size < shape.min()) {
            violations.addRendered(path, render(shape, collection), Violations.lengthAtLeast(shape.min()));
        }
        if (shape.max() != null && size > shape.max()) {
            violations.addRendered(path, render(shape, collection), Violations.lengthAtMost(shape.max()));
        }
    }

    /** The constraints a scalar value fails, in AWS's order for a member of its own. */
    private static List<String> failedScalarConstraints(Shape shape, JsonNode value) {
        List<String> failed = new ArrayList<>(2);
        switch (shape.type()) {
            case STRING -> {
                String text = value.asText();
                if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
                    failed.add(Violations.oneOf(shape.enumValues()));
                }
                if (shape.pattern() != null && patternCheckable(shape, text) && !shape.pattern().matcher(text).matches()) {
                    failed.add(Violations.matching(shape.pattern().pattern()));
                }
                addLengthBounds(shape, text.length(), failed);
            }
            case BLOB -> addLengthBounds(shape, binaryLength(value), failed);
            case INTEGER, LONG -> {
                long number = value.longValue();
                if (shape.min() != null && number < shape.min()) {
                    failed.add(Violations.valueAtLeast(shape.min()));
                }
                if (shape.max() != null && number > shape.max()) {
                    failed.add(Violations.valueAtMost(shape.max()));
                }
            }
            default -> {
                // Booleans and timestamps carry no constraints in the model.
            }
        }
        return failed;
    }

    /**
     * The model's ARN patterns backtrack quadratically, so a megabyte-long "ARN" could pin a core.
     * Far past its length limit a value is invalid anyway; there AWS's pattern verdict is given up.
     */
    private static boolean patternCheckable(Shape shape, String text) {
        return shape.max() == null || text.length() <= 2 * shape.max();
    }

    private static void addLengthBounds(Shape shape, long length, List<String> failed) {
        if (shape.min() != null && length < shape.min()) {
            failed.add(Violations.lengthAtLeast(shape.min()));
        }
        if (shape.max() != null && length > shape.max()) {
            failed.add(Violations.lengthAtMost(shape.max()));
        }
    }

    /** Every constraint of an element shape, as AWS lists them inside {@code [...]}. */
    private static String describe(Shape shape) {
        StringJoiner all = new StringJoiner(", ", "[", "]");
        boolean lengths = shape.type() == Shape.Type.STRING || shape.type() == Shape.Type.BLOB;
        if (!shape.enumValues().isEmpty()) {
            all.add(Violations.oneOf(shape.enumValues()));
        }
        if (shape.max() != null) {
            all.add(lengths ? Violations.lengthAtMost(shape.max()) : Violations.valueAtMost(shape.max()));
        }
        if (shape.min() != null) {
            all.add(lengths ? Violations.lengthAtLeast(shape.min()) : Violations.valueAtLeast(shape.min()));
        }
        if (shape.pattern() != null) {
            all.add(Violations.matching(shape.pattern().pattern()));
        }
        // Only reached for a null element of an unconstrained shape.
        return all.length() == 2 ? "[" + Violations.notNull() + "]" : all.toString();
    }

    private static boolean isScalar(Shape shape) {
        return shape.type() != Shape.Type.STRUCTURE && shape.type() != Shape.Type.LIST && shape.type() != Shape.Type.MAP;
    }

    /** Renders a value as AWS's Java does (without the quotes {@link Violations} adds). */
    private String render(Shape shape, JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        return switch (shape.type()) {
            case BLOB -> Violation.blob(binaryLength(value));
            case STRUCTURE -> STRUCTURE_CLASS_PREFIX + shape.name() + "@" + Integer.toHexString(value.hashCode());
            case LIST -> {
                Shape element = model.shape(shape.listMember());
                StringJoiner items = new StringJoiner(", ", "[", "]");
                value.forEach(item -> items.add(render(element, item)));
                yield items.toString();
            }
            case MAP -> {
                Shape element = model.shape(shape.mapValue());
                StringJoiner entries = new StringJoiner(", ", "{", "}");
                value.properties().forEach(e -> entries.add(e.getKey() + "=" + render(element, e.getValue())));
                yield entries.toString();
            }
            default -> value.asText();
        };
    }

    /** Blobs reach this check decoded: {@link WireTypeChecker} turns base64 text into binary nodes. */
    private static int binaryLength(JsonNode value) {
        return ((BinaryNode) value).binaryValue().length;
    }
}
