package dev.freshet.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.api.errors.InternalFailureException;
import dev.freshet.api.errors.ResourceNotFoundException;
import dev.freshet.api.errors.SerializationException;
import dev.freshet.api.errors.UnknownOperationException;
import dev.freshet.api.errors.ValidationException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ErrorEncodingTest {


    @Test
    void a_client_error_is_a_400_with_type_and_message_in_json() {
        EncodedError error = Codec.encodeError(WireFormat.JSON,
                new ResourceNotFoundException("Stream s under account 123456789012 not found."));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.errorType()).isEqualTo("ResourceNotFoundException");
        assertThat(new String(error.body(), UTF_8)).isEqualTo(
                "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Stream s under account 123456789012 not found.\"}");
    }

    @Test
    void a_client_error_is_a_400_with_type_and_message_in_cbor() throws IOException {
        EncodedError error = Codec.encodeError(WireFormat.CBOR, new ValidationException("1 validation error detected: x"));

        JsonNode body = WireFormat.CBOR.mapper().readTree(error.body());
        assertThat(error.status()).isEqualTo(400);
        assertThat(body.get("__type").asText()).isEqualTo("ValidationException");
        assertThat(body.get("message").asText()).isEqualTo("1 validation error detected: x");
    }

    @Test
    void internal_failure_is_the_only_500() {
        assertThat(Codec.encodeError(WireFormat.JSON, new InternalFailureException("boom")).status()).isEqualTo(500);
        assertThat(Codec.encodeError(WireFormat.CBOR, new InternalFailureException("boom")).status()).isEqualTo(500);
    }

    @Test
    void serialization_errors_spell_their_message_key_as_aws_does() {
        EncodedError error = Codec.encodeError(WireFormat.JSON,
                new SerializationException("Start of list found where not expected"));

        assertThat(new String(error.body(), UTF_8))
                .isEqualTo("{\"__type\":\"SerializationException\",\"Message\":\"Start of list found where not expected\"}");
    }

    @Test
    void an_error_without_a_message_carries_only_its_type() throws IOException {
        assertThat(new String(Codec.encodeError(WireFormat.JSON, new UnknownOperationException(null)).body(), UTF_8))
                .isEqualTo("{\"__type\":\"UnknownOperationException\"}");
        JsonNode cbor = WireFormat.CBOR.mapper().readTree(
                Codec.encodeError(WireFormat.CBOR, new SerializationException(null)).body());
        assertThat(cbor.size()).isEqualTo(1);
        assertThat(cbor.get("__type").asText()).isEqualTo("SerializationException");
    }

    @Test
    void an_unexpected_exception_becomes_a_bare_internal_failure() {
        EncodedError error = Codec.encodeError(WireFormat.JSON, (Throwable) new IllegalStateException("secret detail"));

        assertThat(error.status()).isEqualTo(500);
        assertThat(new String(error.body(), UTF_8)).isEqualTo("{\"__type\":\"InternalFailureException\"}");
    }

    @Test
    void a_kinesis_exception_passed_as_a_throwable_keeps_its_type() {
        EncodedError error = Codec.encodeError(WireFormat.JSON, (Throwable) new ResourceNotFoundException("gone"));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.errorType()).isEqualTo("ResourceNotFoundException");
    }
}
