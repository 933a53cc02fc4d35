package dev.freshet.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freshet.api.errors.SerializationException;
import dev.freshet.api.errors.ValidationException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Checks a parsed request (from JSON or CBOR) against its operation's input shape the way AWS does:
 * first the kinds of values, failing fast with a {@link SerializationException}; then every
 * constraint, failing with one {@link ValidationException} that lists up to ten violations.
 *
 * <p>Immutable and thread-safe.
 */
final class RequestValidator {

    private static final Shape NO_INPUT = Shape.builder("NoInput", Shape.Type.STRUCTURE).build();

    private final ServiceModel model;
    private final Map<WireFormat, WireTypeChecker> typeCheckers = new EnumMap<>(WireFormat.class);
    private final ConstraintChecker constraints;

    RequestValidator(ServiceModel model) {
        this.model = model;
        for (WireFormat format : WireFormat.values()) {
            typeCheckers.put(format, new WireTypeChecker(model, format));
        }
        this.constraints = new ConstraintChecker(model);
    }

    /**
     * Validates {@code request} and returns the normalized tree to bind: only model members, with
     * the value kinds the model declares.
     */
    ObjectNode validate(Operation operation, WireFormat format, JsonNode request) {
        if (!request.isContainerNode()) {
            // A bare scalar is not a request at all; AWS answers as for unparseable bytes.
            throw new SerializationException(null);
        }
        Shape input = operation.input() == null ? NO_INPUT : model.shape(operation.input());
        ObjectNode normalized = (ObjectNode) typeCheckers.get(format).check(input, request);
        Violations violations = Violations.create();
        constraints.checkStructure(input, normalized, "", violations);
        if (!violations.isEmpty()) {
            throw violations.toException();
        }
        return normalized;
    }
}
