package dev.freshet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.api.ChildShard;
import dev.freshet.api.HashKeyRange;
import dev.freshet.api.StreamRecord;
import dev.freshet.api.SubscribeToShardEvent;
import dev.freshet.api.errors.ResourceInUseException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The event-stream framing, read back by an independent reader written from the format's description. */
class EventStreamTest {

    private record Message(Map<String, String> headers, byte[] payload) {}

    private static Message read(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int total = buffer.getInt();
        int headersLength = buffer.getInt();
        int preludeCrc = buffer.getInt();
        assertThat(total).isEqualTo(bytes.length);
        assertThat(preludeCrc).isEqualTo((int) crc(bytes, 0, 8));
        assertThat(buffer.getInt(total - 4)).isEqualTo((int) crc(bytes, 0, total - 4));
        Map<String, String> headers = new LinkedHashMap<>();
        int end = 12 + headersLength;
        while (buffer.position() < end) {
            byte[] name = new byte[buffer.get() & 0xFF];
            buffer.get(name);
            assertThat(buffer.get()).as("string header").isEqualTo((byte) 7);
            byte[] value = new byte[buffer.getShort() & 0xFFFF];
            buffer.get(value);
            headers.put(new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
        }
        byte[] payload = new byte[total - end - 4];
        buffer.get(payload);
        return new Message(headers, payload);
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }

    @Test
    void the_initial_response_is_an_empty_document_event() throws Exception {
        Message message = read(EventStream.initialResponse(WireFormat.JSON));
        assertThat(message.headers()).containsEntry(":message-type", "event")
                .containsEntry(":event-type", "initial-response");
        assertThat(WireFormat.JSON.mapper().readTree(message.payload()).size()).isZero();
    }

    @Test
    void an_event_carries_records_continuation_and_children_in_either_format() throws Exception {
        SubscribeToShardEvent event = new SubscribeToShardEvent(List.of(new StreamRecord("49", Instant.ofEpochMilli(
                1_700_000_000_123L), new byte[] {1, 2}, "pk", null)), "49", 0L,
                List.of(new ChildShard("shardId-000000000001", List.of("shardId-000000000000"),
                        new HashKeyRange("0", "9"))));
        for (WireFormat format : WireFormat.values()) {
            Message message = read(EventStream.event(format, event));
            assertThat(message.headers()).containsEntry(":event-type", "SubscribeToShardEvent")
                    .containsEntry(":content-type", format.contentType());
            JsonNode payload = format.mapper().readTree(message.payload());
            assertThat(payload.at("/ContinuationSequenceNumber").asText()).isEqualTo("49");
            assertThat(payload.at("/Records/0/PartitionKey").asText()).isEqualTo("pk");
            assertThat(payload.at("/Records/0/Data").binaryValue()).containsExactly(1, 2);
            assertThat(payload.at("/ChildShards/0/ParentShards/0").asText()).isEqualTo("shardId-000000000000");
            assertThat(payload.at("/MillisBehindLatest").asLong()).isZero();
        }
    }

    @Test
    void a_failure_is_an_exception_message_naming_the_aws_error() throws Exception {
        Message message = read(EventStream.exception(WireFormat.JSON, new ResourceInUseException("busy")));
        assertThat(message.headers()).containsEntry(":message-type", "exception")
                .containsEntry(":exception-type", "ResourceInUseException");
        assertThat(WireFormat.JSON.mapper().readTree(message.payload()).get("message").asText()).isEqualTo("busy");
        Message internal = read(EventStream.exception(WireFormat.CBOR, new IllegalStateException("secret")));
        assertThat(internal.headers()).containsEntry(":exception-type", "InternalFailureException");
        assertThat(new String(internal.payload(), StandardCharsets.ISO_8859_1)).doesNotContain("secret");
    }
}
