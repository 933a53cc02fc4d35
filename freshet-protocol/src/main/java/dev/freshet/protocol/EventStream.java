package dev.freshet.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.freshet.api.SubscribeToShardEvent;
import dev.freshet.api.errors.InternalFailureException;
import dev.freshet.api.errors.KinesisException;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The binary event stream SubscribeToShard answers with ({@code application/vnd.amazon.eventstream}):
 * one message per event, each self-delimited and checksummed.
 *
 * <pre>
 * message (all integers big-endian):
 *   total length     u32   the whole message, these 12 prelude bytes and the trailing CRC included
 *   headers length   u32
 *   prelude CRC      u32   CRC-32 of the 8 bytes above
 *   headers          headers length bytes, each:
 *                      name length u8 | name UTF-8 | value type u8 (7 = string)
 *                      | value length u16 | value UTF-8
 *   payload          the event as a JSON or CBOR document, in the request's wire format
 *   message CRC      u32   CRC-32 of everything before it
 * </pre>
 *
 * <p>A subscription sends {@code initial-response} first (an empty document), then
 * {@code SubscribeToShardEvent}s; a failure during the subscription is an exception message
 * ({@code :message-type} {@code exception}, {@code :exception-type} the AWS error) and ends it.
 *
 * <p>Stateless and thread-safe.
 */
public final class EventStream {

    /** The Content-Type of a SubscribeToShard answer. */
    public static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";
    private static final byte STRING = 7;
    private static final int PRELUDE = 12;
    private static final int TRAILER = 4;

    private EventStream() {}

    /** The first message of every subscription. */
    public static byte[] initialResponse(WireFormat format) {
        return message(event("initial-response", format), write(format, Map.of()));
    }

    /** One SubscribeToShardEvent. */
    public static byte[] event(WireFormat format, SubscribeToShardEvent event) {
        return message(event("SubscribeToShardEvent", format), write(format, event));
    }

    /** The message that ends a subscription with an AWS error; anything else is sent as InternalFailureException. */
    public static byte[] exception(WireFormat format, Throwable failure) {
        KinesisException error = failure instanceof KinesisException kinesis ? kinesis
                : new InternalFailureException(null);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":message-type", "exception");
        headers.put(":exception-type", error.errorType());
        headers.put(":content-type", format.contentType());
        Map<String, String> body = new LinkedHashMap<>();
        if (error.getMessage() != null) {
            body.put("message", error.getMessage());
        }
        return message(headers, write(format, body));
    }

    private static Map<String, String> event(String type, WireFormat format) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":message-type", "event");
        headers.put(":event-type", type);
        headers.put(":content-type", format.contentType());
        return headers;
    }

    private static byte[] write(WireFormat format, Object payload) {
        try {
            return format.mapper().writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode an event", e);
        }
    }

    static byte[] message(Map<String, String> headers, byte[] payload) {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            byte[] name = header.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = header.getValue().getBytes(StandardCharsets.UTF_8);
            encoded.write(name.length);
            encoded.writeBytes(name);
            encoded.write(STRING);
            encoded.write(value.length >>> 8);
            encoded.write(value.length & 0xFF);
            encoded.writeBytes(value);
        }
        byte[] headerBytes = encoded.toByteArray();
        int total = PRELUDE + headerBytes.length + payload.length + TRAILER;
        ByteBuffer message = ByteBuffer.allocate(total);
        message.putInt(total).putInt(headerBytes.length);
        message.putInt((int) crc(message.array(), 0, 8));
        message.put(headerBytes).put(payload);
        message.putInt((int) crc(message.array(), 0, total - TRAILER));
        return message.array();
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
