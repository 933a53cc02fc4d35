package dev.freshet.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Kinesis service model (operations and shapes), read once from the trimmed botocore model
 * that {@code tools/trim-kinesis-model.py} writes into this module's resources.
 *
 * <p>Immutable and thread-safe; {@link #kinesis()} returns one shared instance.
 */
public final class ServiceModel {

    static final String RESOURCE = "kinesis-2013-12-02.json";

    private final String botocoreVersion;
    private final String targetPrefix;
    private final Map<String, Operation> operations;
    private final Map<String, Shape> shapes;

    private ServiceModel(String botocoreVersion, String targetPrefix,
                         Map<String, Operation> operations, Map<String, Shape> shapes) {
        this.botocoreVersion = botocoreVersion;
        this.targetPrefix = targetPrefix;
        this.operations = Collections.unmodifiableMap(operations);
        this.shapes = Collections.unmodifiableMap(shapes);
    }

    /** The Kinesis 2013-12-02 model, loaded on first use. */
    public static ServiceModel kinesis() {
        return Holder.KINESIS;
    }

    /** The botocore release the model was trimmed from. */
    public String botocoreVersion() {
        return botocoreVersion;
    }

    /** The {@code X-Amz-Target} prefix, {@code Kinesis_20131202}. */
    public String targetPrefix() {
        return targetPrefix;
    }

    /** Every operation name, sorted. */
    public Set<String> operationNames() {
        return Collections.unmodifiableSet(new TreeSet<>(operations.keySet()));
    }

    /** True if the model defines an operation of that exact name. */
    public boolean hasOperation(String name) {
        return operations.containsKey(name);
    }

    /** The operation of that exact name, or null if the model defines none. */
    public Operation operation(String name) {
        return operations.get(name);
    }

    /** The shape of that name; a dangling name is a broken model, caught when it loads. */
    Shape shape(String name) {
        Shape shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("No shape named " + name);
        }
        return shape;
    }

    /** Every shape, for checks over the whole model. */
    Collection<Shape> shapes() {
        return shapes.values();
    }

    static ServiceModel load(InputStream in) {
        try {
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the service model", e);
        }
    }

    private static ServiceModel parse(JsonNode root) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        root.required("shapes").properties().forEach(e -> shapes.put(e.getKey(), parseShape(e.getKey(), e.getValue())));
        Map<String, Operation> operations = new LinkedHashMap<>();
        root.required("operations").properties().forEach(e -> operations.put(e.getKey(), parseOperation(e.getKey(), e.getValue())));
        ServiceModel model = new ServiceModel(root.required("botocoreVersion").asText(),
                root.required("metadata").required("targetPrefix").asText(), operations, shapes);
        model.checkReferences();
        return model;
    }

    private static Operation parseOperation(String name, JsonNode node) {
        List<String> errors = new ArrayList<>();
        node.path("errors").forEach(e -> errors.add(e.asText()));
        return new Operation(name, textOrNull(node, "input"), textOrNull(node, "output"), errors);
    }

    private static Shape parseShape(String name, JsonNode node) {
        Shape.Builder b = Shape.builder(name, Shape.Type.of(node.required("type").asText()))
                .min(longOrNull(node, "min"))
                .max(longOrNull(node, "max"))
                .pattern(textOrNull(node, "pattern"));
        if (node.has("enum")) {
            List<String> values = new ArrayList<>();
            node.get("enum").forEach(v -> values.add(v.asText()));
            b.enumValues(values);
        }
        if (node.has("members")) {
            Set<String> required = new HashSet<>();
            node.path("required").forEach(r -> required.add(r.asText()));
            List<Member> members = new ArrayList<>();
            node.get("members").forEach(m -> {
                String memberName = m.required("name").asText();
                members.add(new Member(memberName, m.required("shape").asText(), required.contains(memberName)));
            });
            b.members(members);
        }
        if (node.has("member")) {
            b.listMember(node.get("member").asText());
        }
        if (node.has("key")) {
            b.map(node.get("key").asText(), node.required("value").asText());
        }
        return b.build();
    }

    private void checkReferences() {
        List<String> names = new ArrayList<>();
        for (Operation op : operations.values()) {
            names.add(op.input());
            names.add(op.output());
            names.addAll(op.errors());
        }
        for (Shape s : shapes.values()) {
            s.members().forEach(m -> names.add(m.shape()));
            names.add(s.listMember());
            names.add(s.mapKey());
            names.add(s.mapValue());
        }
        for (String name : names) {
            if (name != null && !shapes.containsKey(name)) {
                throw new IllegalStateException("The service model refers to an undefined shape " + name);
            }
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? null : value.asText();
    }

    private static Long longOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? null : value.asLong();
    }

    /** Defers the load to first use and makes it happen once, without locking on each call. */
    private static final class Holder {
        static final ServiceModel KINESIS = loadResource();

        private static ServiceModel loadResource() {
            try (InputStream in = ServiceModel.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("Missing resource " + RESOURCE);
                }
                return load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + RESOURCE, e);
            }
        }
    }
}
