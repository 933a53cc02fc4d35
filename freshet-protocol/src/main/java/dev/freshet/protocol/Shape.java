package dev.freshet.protocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One shape of the service model, reduced to the facts that validation and encoding use.
 *
 * <p>Shapes refer to other shapes by name, resolved through {@link ServiceModel#shape(String)}, so
 * the model can hold recursive shapes without building cycles.
 *
 * <p>Immutable and thread-safe.
 */
final class Shape {

    /** The botocore shape types this layer understands; anything else fails the model load. */
    enum Type {
        STRUCTURE, LIST, MAP, STRING, INTEGER, LONG, BOOLEAN, BLOB, TIMESTAMP;

        static Type of(String botocoreType) {
            return Type.valueOf(botocoreType.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final String name;
    private final Type type;
    private final Long min;
    private final Long max;
    private final Pattern pattern;
    private final List<String> enumValues;
    private final List<Member> members;
    private final Map<String, Member> membersByName;
    private final String listMember;
    private final String mapKey;
    private final String mapValue;

    private Shape(Builder b) {
        this.name = Objects.requireNonNull(b.name);
        this.type = Objects.requireNonNull(b.type);
        this.min = b.min;
        this.max = b.max;
        this.pattern = b.pattern == null ? null : Pattern.compile(b.pattern);
        this.enumValues = List.copyOf(b.enumValues);
        this.members = List.copyOf(b.members);
        Map<String, Member> byName = new HashMap<>();
        members.forEach(m -> byName.put(m.name(), m));
        this.membersByName = Map.copyOf(byName);
        this.listMember = b.listMember;
        this.mapKey = b.mapKey;
        this.mapValue = b.mapValue;
    }

    static Builder builder(String name, Type type) {
        return new Builder(name, type);
    }

    String name() {
        return name;
    }

    Type type() {
        return type;
    }

    /** Lower bound: length for strings, blobs, lists and maps; value for numbers. */
    Long min() {
        return min;
    }

    /** Upper bound, with the same meaning as {@link #min()}. */
    Long max() {
        return max;
    }

    /** The regular expression a string must match as a whole, or null. */
    Pattern pattern() {
        return pattern;
    }

    /** Allowed values of an enum string, in the order AWS lists them in messages; empty if any. */
    List<String> enumValues() {
        return enumValues;
    }

    /** Structure members, in the order AWS reports their violations. */
    List<Member> members() {
        return members;
    }

    /** The structure member of that exact wire name, or null if the model has none. */
    Member member(String wireName) {
        return membersByName.get(wireName);
    }

    /** Shape name of a list's elements. */
    String listMember() {
        return listMember;
    }

    /** Shape name of a map's keys. */
    String mapKey() {
        return mapKey;
    }

    /** Shape name of a map's values. */
    String mapValue() {
        return mapValue;
    }

    @Override
    public String toString() {
        return name + ":" + type;
    }

    /** Collects a shape's facts while the model is read. Not thread-safe. */
    static final class Builder {
        private final String name;
        private final Type type;
        private Long min;
        private Long max;
        private String pattern;
        private List<String> enumValues = List.of();
        private List<Member> members = List.of();
        private String listMember;
        private String mapKey;
        private String mapValue;

        private Builder(String name, Type type) {
            this.name = name;
            this.type = type;
        }

        Builder min(Long value) {
            this.min = value;
            return this;
        }

        Builder max(Long value) {
            this.max = value;
            return this;
        }

        Builder pattern(String value) {
            this.pattern = value;
            return this;
        }

        Builder enumValues(List<String> values) {
            this.enumValues = values;
            return this;
        }

        Builder members(List<Member> values) {
            this.members = values;
            return this;
        }

        Builder listMember(String shapeName) {
            this.listMember = shapeName;
            return this;
        }

        Builder map(String keyShape, String valueShape) {
            this.mapKey = keyShape;
            this.mapValue = valueShape;
            return this;
        }

        Shape build() {
            return new Shape(this);
        }
    }
}
