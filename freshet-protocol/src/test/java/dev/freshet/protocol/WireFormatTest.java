package dev.freshet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void aws_json_and_plain_json_content_types_select_json() {
        assertThat(WireFormat.fromContentType("application/x-amz-json-1.1")).isEqualTo(WireFormat.JSON);
        assertThat(WireFormat.fromContentType("application/json")).isEqualTo(WireFormat.JSON);
        assertThat(WireFormat.fromContentType("Application/X-Amz-Json-1.1; charset=utf-8")).isEqualTo(WireFormat.JSON);
    }

    @Test
    void the_cbor_content_type_selects_cbor() {
        assertThat(WireFormat.fromContentType("application/x-amz-cbor-1.1")).isEqualTo(WireFormat.CBOR);
        assertThat(WireFormat.CBOR.contentType()).isEqualTo("application/x-amz-cbor-1.1");
        assertThat(WireFormat.JSON.contentType()).isEqualTo("application/x-amz-json-1.1");
    }

    @Test
    void any_other_or_missing_content_type_is_a_distinct_error_for_the_caller_to_map() {
        assertThatThrownBy(() -> WireFormat.fromContentType("application/x-amz-json-1.0"))
                .isInstanceOf(UnsupportedContentTypeException.class)
                .hasMessage("Unsupported content type: application/x-amz-json-1.0");
        assertThatThrownBy(() -> WireFormat.fromContentType(null))
                .isInstanceOfSatisfying(UnsupportedContentTypeException.class, e -> assertThat(e.contentType()).isNull());
        assertThatThrownBy(() -> WireFormat.fromContentType("text/plain"))
                .isInstanceOf(UnsupportedContentTypeException.class);
    }
}
