package dev.freshet.protocol;

import dev.freshet.api.SubscribeToShardEvent;
import dev.freshet.api.errors.KinesisException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
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
    /** The encoded headers of the two kinds of event, which depend on the format alone. */
    private static final Map<WireFormat, byte[]> INITIAL_RESPONSE_HEADERS = new EnumMap<>(WireFormat.class);
    private static final Map<WireFormat, byte[]> EVENT_HEADERS = new EnumMap<>(WireFormat.class);

    static {
        for (WireFormat format : WireFormat.values()) {
            INITIAL_RESPONSE_HEADERS.put(format, eventHeaders("initial-response", format));
            EVENT_HEADERS.put(format, eventHeaders("SubscribeToShardEvent", format));
        }
    }

    private EventStream() {}

    /** The first message of every subscription. */
    public static byte[] initialResponse(WireFormat format) {
        return message(INITIAL_RESPONSE_HEADERS.get(format), Codec.write(format, Map.of()));
    }

    /** One SubscribeToShardEvent. */
    public static byte[] event(WireFormat format, SubscribeToShardEvent event) {
        return message(EVENT_HEADERS.get(format), Codec.write(format, event));
    }

    /**
     * The message that ends a subscription with an AWS error, anything else being sent as a bare
     * InternalFailureException (as {@link Codec#encodeError(WireFormat, Throwable)} answers it); the
     * type is in the headers, so the payload holds only the message.
     */
    public static byte[] exception(WireFormat format, Throwable failure) {
        KinesisException error = Codec.apiError(failure);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":message-type", "exception");
        headers.put(":exception-type", error.errorType());
        headers.put(":content-type", format.contentType());
        return message(headers(headers), Codec.write(format, Codec.errorBody(error, false)));
    }

    private static byte[] eventHeaders(String type, WireFormat format) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":message-type", "event");
        headers.put(":event-type", type);
        headers.put(":content-type", format.contentType());
        return headers(headers);
    }

    /** String headers, in order, as the message's headers section. */
    private static byte[] headers(Map<String, String> headers) {
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
        return encoded.toByteArray();
    }

    /** A whole message: prelude, the encoded headers section, the payload and the message CRC. */
    private static byte[] message(byte[] headers, byte[] payload) {
        int total = PRELUDE + headers.length + payload.length + TRAILER;
        ByteBuffer message = ByteBuffer.allocate(total);
        message.putInt(total).putInt(headers.length);
        message.putInt((int) crc(message.array(), 0, 8));
        message.put(headers).put(payload);
        message.putInt((int) crc(message.array(), 0, total - TRAILER));
        return message.array();
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
