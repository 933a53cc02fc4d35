package dev.freshet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.errors.ValidationException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViolationsTest {

    @Test
    void the_engine_can_reject_an_oversized_record_in_aws_words() {
        ValidationException e = Violations.of("data", new byte[1_048_577], Violations.lengthAtMost(1_048_576));

        assertThat(e.getMessage()).isEqualTo("1 validation error detected: "
                + "Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' "
                + "failed to satisfy constraint: Member must have length less than or equal to 1048576");
    }

    @Test
    void several_violations_are_counted_and_joined() {
        String message = Violations.create()
                .add("records.2.member.data", ByteBuffer.allocate(3), Violations.lengthAtMost(2))
                .add("streamName", null, Violations.notNull())
                .message();

        assertThat(message).isEqualTo("2 validation errors detected: "
                + "Value 'java.nio.HeapByteBuffer[pos=0 lim=3 cap=3]' at 'records.2.member.data' failed to satisfy "
                + "constraint: Member must have length less than or equal to 2; "
                + "Value null at 'streamName' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void values_render_as_aws_java_renders_them() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("a", "1");
        tags.put("b", "2");

        assertThat(Violations.create().add("tags", tags, Violations.lengthAtMost(1)).message()).contains("Value '{a=1, b=2}'");
        assertThat(Violations.create().add("keys", List.of("x", "y"), Violations.lengthAtMost(1)).message())
                .contains("Value '[x, y]'");
        assertThat(Violations.create().add("shardCount", 0, Violations.valueAtLeast(1)).message())
                .isEqualTo("1 validation error detected: Value '0' at 'shardCount' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 1");
        assertThat(Violations.create().add("mode", TestShapes.StreamMode.ON_DEMAND, Violations.oneOf(List.of("X"))).message())
                .contains("Value 'ON_DEMAND' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [X]");
    }

    @Test
    void only_the_first_ten_are_reported() {
        Violations violations = Violations.create();
        for (int i = 1; i <= 12; i++) {
            violations.add("records." + i + ".member.partitionKey", "", Violations.lengthAtLeast(1));
        }

        assertThat(violations.message()).startsWith("10 validation errors detected: ")
                .contains("records.10.member").doesNotContain("records.11.member");
    }

    @Test
    void an_empty_collection_has_no_message() {
        assertThat(Violations.create().isEmpty()).isTrue();
        assertThatThrownBy(() -> Violations.create().message()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_pattern_wording_quotes_the_regex_verbatim() {
        assertThat(Violations.matching("[a-zA-Z0-9_.-]+"))
                .isEqualTo("Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }
}
