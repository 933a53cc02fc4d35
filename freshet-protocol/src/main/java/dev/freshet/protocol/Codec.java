package dev.freshet.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freshet.api.errors.InternalFailureException;
import dev.freshet.api.errors.KinesisException;
import dev.freshet.api.errors.SerializationException;
import dev.freshet.api.errors.UnknownOperationException;
import dev.freshet.api.errors.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The protocol layer's one entry point for the server: request bodies in, response and error
 * bodies out, in either wire format. This is the one place where errors become HTTP statuses and
 * bodies.
 *
 * <p>Error bodies follow what AWS sends: {@code {"__type": "<ErrorType>", "message": "..."}}, with
 * the message left out when there is none (AWS sends none for unparseable bodies, unknown
 * operations and internal failures) and spelled {@code Message} for {@code SerializationException},
 * as AWS spells it there. Both spellings are read by boto3 and the AWS SDK for Java v2.
 *
 * <p>The operations that carry the data have a fast path on each side: {@link StreamingRequestDecoder}
 * reads PutRecords, PutRecord, GetRecords and GetShardIterator requests straight into their API
 * records, and {@link StreamingResponseEncoder} writes PutRecords and GetRecords answers with the
 * generator directly. Each gives the generic path's answer exactly or declines, and a declined call
 * (any invalid or unusual input) runs the generic path, so answers and error messages are the
 * generic path's in every case; the fast paths only make the common case cheaper.
 *
 * <p>Stateless and thread-safe: its only state is the Kinesis model and the validator over it, both
 * immutable and built once.
 */
public final class Codec {

    private static final int CLIENT_ERROR = 400;
    private static final int SERVER_ERROR = 500;
    private static final byte[] NO_BODY = new byte[0];

    private Codec() {
    }

    /**
     * Parses, validates and binds a request body.
     *
     * @param format the request's wire format
     * @param operation the operation named by {@code X-Amz-Target}, without its prefix
     * @param body the raw body; an empty body is read as {@code {}}
     * @param type the record (or class) to bind to; its components are the model's member names in
     *     lowerCamelCase
     * @throws UnknownOperationException if the model has no such operation
     * @throws SerializationException if the body does not parse or a member has the wrong kind of value
     * @throws ValidationException listing the constraint violations, in AWS's wording and order
     * @throws IllegalStateException if {@code type} cannot hold what the model allows: a server bug
     */
    public static <T> T decodeRequest(WireFormat format, String operation, byte[] body, Class<T> type) {
        Operation op = ServiceModel.kinesis().operation(operation);
        if (op == null) {
            throw new UnknownOperationException(null);
        }
        T fast = StreamingRequestDecoder.tryDecode(format, operation, body, type);
        return fast != null ? fast : decodeGeneric(format, op, body, type);
    }

    /** The generic path of {@link #decodeRequest}: parse to a tree, validate the tree, bind it. */
    static <T> T decodeGeneric(WireFormat format, Operation op, byte[] body, Class<T> type) {
        String operation = op.name();
        ObjectNode request = Validator.INSTANCE.validate(op, format, parse(format, body));
        try {
            return format.mapper().treeToValue(request, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException(type.getName() + " cannot hold a valid " + operation + " request", e);
        }
    }

    /**
     * Encodes a response record. A null response, or a record without components (the output of
     * an operation the model gives none), is an empty body, as AWS sends.
     *
     * @throws IllegalStateException if the object cannot be encoded: a server bug
     */
    public static byte[] encodeResponse(WireFormat format, Object response) {
        if (response == null || isEmptyRecord(response)) {
            return NO_BODY;
        }
        byte[] fast = StreamingResponseEncoder.tryEncode(format, response);
        return fast != null ? fast : encodeGeneric(format, response);
    }

    /** The generic path of {@link #encodeResponse} for a non-empty response: the mapper's bean serializers. */
    static byte[] encodeGeneric(WireFormat format, Object response) {
        return write(format, response);
    }

    /** Encodes an API error: status 500 for {@code InternalFailureException}, 400 otherwise. */
    public static EncodedError encodeError(WireFormat format, KinesisException error) {
        int status = error instanceof InternalFailureException ? SERVER_ERROR : CLIENT_ERROR;
        return new EncodedError(status, error.errorType(), write(format, errorBody(error, true)));
    }

    /**
     * Encodes any failure: API errors as {@link #encodeError(WireFormat, KinesisException)}; anything
     * else, which is a server fault, as a bare {@code InternalFailureException} (500) that tells the
     * client nothing of the server's internals. Logging the cause is the caller's job.
     */
    public static EncodedError encodeError(WireFormat format, Throwable error) {
        return encodeError(format, apiError(error));
    }

    /** The API error a failure is answered with: itself, or a bare InternalFailureException for anything else. */
    static KinesisException apiError(Throwable failure) {
        return failure instanceof KinesisException kinesis ? kinesis : new InternalFailureException(null);
    }

    /**
     * An error body's members, in AWS's shape: {@code __type} (if {@code withType}), then the message
     * if there is one, as {@code message}, or {@code Message} for a {@code SerializationException}.
     */
    static Map<String, String> errorBody(KinesisException error, boolean withType) {
        Map<String, String> body = new LinkedHashMap<>();
        if (withType) {
            body.put("__type", error.errorType());
        }
        if (error.getMessage() != null) {
            body.put(error instanceof SerializationException ? "Message" : "message", error.getMessage());
        }
        return body;
    }

    private static boolean isEmptyRecord(Object response) {
        return response.getClass().isRecord() && response.getClass().getRecordComponents().length == 0;
    }

    private static JsonNode parse(WireFormat format, byte[] body) {
        if (body == null || body.length == 0) {
            return format.mapper().createObjectNode();
        }
        try {
            JsonNode tree = format.mapper().readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw new SerializationException(null);
            }
            return tree;
        } catch (JacksonException e) {
            // AWS answers unparseable bodies with a bare SerializationException: no message.
            throw new SerializationException(null);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading an in-memory body failed", e);
        }
    }

    /** The mapper's encoding of {@code value}: the generic path, also for event-stream payloads. */
    static byte[] write(WireFormat format, Object value) {
        try {
            return format.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + value.getClass().getName() + " as " + format, e);
        }
    }

    /** Builds the validator on first use, so loading this class does not load the model. */
    private static final class Validator {
        static final RequestValidator INSTANCE = new RequestValidator(ServiceModel.kinesis());
    }
}
