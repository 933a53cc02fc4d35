package dev.freshet.streams;

import static dev.freshet.streams.EngineFixture.CALLER;
import static dev.freshet.streams.EngineFixture.arn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.AddTagsToStreamRequest;
import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.ListTagsForResourceRequest;
import dev.freshet.api.ListTagsForStreamRequest;
import dev.freshet.api.ListTagsForStreamResponse;
import dev.freshet.api.RemoveTagsFromStreamRequest;
import dev.freshet.api.RequestContext;
import dev.freshet.api.StartStreamEncryptionRequest;
import dev.freshet.api.EncryptionType;
import dev.freshet.api.Tag;
import dev.freshet.api.TagResourceRequest;
import dev.freshet.api.UntagResourceRequest;
import dev.freshet.api.errors.AccessDeniedException;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.ResourceInUseException;
import dev.freshet.api.errors.ResourceNotFoundException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tag operations, by stream name and by resource ARN, with AWS's rules and messages. */
class TaggingTest {

    private static final String INVALID_CHARACTERS = "Some tags contain invalid characters. Valid characters: "
            + "Unicode letters, digits, white space, _ . / = + - % @.";

    private final EngineFixture fixture = new EngineFixture();
    private StreamEngine engine;

    @BeforeEach
    void stream() throws IOException {
        engine = fixture.engine(null);
        fixture.createActive(engine, "s", 1);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private void add(Map<String, String> tags) {
        engine.addTagsToStream(CALLER, new AddTagsToStreamRequest("s", tags, null));
    }

    private void remove(String... keys) {
        engine.removeTagsFromStream(CALLER, new RemoveTagsFromStreamRequest("s", List.of(keys), null));
    }

    private ListTagsForStreamResponse list(String after, Integer limit) {
        return engine.listTagsForStream(CALLER, new ListTagsForStreamRequest("s", after, limit, null));
    }

    @Test
    void tags_are_listed_sorted_by_key_and_adding_a_key_again_replaces_its_value() {
        add(Map.of("b", "2", "a", "1", "c", ""));
        add(Map.of("a", "one"));
        assertThat(list(null, null).tags()).containsExactly(new Tag("a", "one"), new Tag("b", "2"), new Tag("c", ""));
        assertThat(list(null, null).hasMoreTags()).isFalse();
    }

    @Test
    void list_tags_for_stream_pages_after_the_exclusive_start_tag_key() {
        add(Map.of("a", "1", "b", "2", "c", "3", "d", "4"));
        ListTagsForStreamResponse first = list(null, 2);
        assertThat(first.tags()).extracting(Tag::key).containsExactly("a", "b");
        assertThat(first.hasMoreTags()).isTrue();
        ListTagsForStreamResponse second = list("b", 2);
        assertThat(second.tags()).extracting(Tag::key).containsExactly("c", "d");
        assertThat(second.hasMoreTags()).isFalse();
        assertThat(list("bb", null).tags()).extracting(Tag::key).containsExactly("c", "d");
    }

    @Test
    void removing_tags_ignores_keys_the_stream_does_not_have() {
        add(Map.of("a", "1", "b", "2"));
        remove("a", "zzz");
        assertThat(list(null, null).tags()).containsExactly(new Tag("b", "2"));
    }

    @Test
    void unicode_letters_digits_spaces_colons_and_the_listed_symbols_are_allowed() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("ü0 _.", "a");
        tags.put("/=+-@", "b");
        tags.put("team:data", "ü0 _./=+-@:");
        add(tags);
        assertThat(list(null, null).tags()).hasSize(3);
        remove("ü0 _.", "/=+-@");
        assertThat(list(null, null).tags()).containsExactly(new Tag("team:data", "ü0 _./=+-@:"));
    }

    @Test
    void characters_outside_the_allowed_set_are_refused_in_keys_and_values() {
        for (String text : List.of("a;b", "a\tb", "a\nb", "a,b")) {
            assertThatThrownBy(() -> add(Map.of(text, "1"))).isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(INVALID_CHARACTERS);
            assertThatThrownBy(() -> add(Map.of("k", text))).hasMessage(INVALID_CHARACTERS);
            assertThatThrownBy(() -> remove(text)).hasMessage(INVALID_CHARACTERS);
        }
        assertThat(list(null, null).tags()).isEmpty();
    }

    @Test
    void a_percent_sign_is_refused_with_a_message_naming_the_stream() {
        assertThatThrownBy(() -> add(Map.of("a%b", "1"))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Failed to add tags to stream s under account 123456789012 because some tags "
                        + "contained illegal characters. The allowed characters are Unicode letters, white-spaces, "
                        + "'_',',','/','=','+','-','@'.");
        assertThatThrownBy(() -> add(Map.of("a", "1%"))).hasMessageStartingWith("Failed to add tags to stream s ");
        assertThatThrownBy(() -> remove("a%b")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Failed to remove tags from stream s under account 123456789012 because some tags "
                        + "contained illegal characters. The allowed characters are Unicode letters, white-spaces, "
                        + "'_',',','/','=','+','-','@'.");
    }

    @Test
    void keys_starting_with_aws_colon_are_reserved() {
        assertThatThrownBy(() -> add(Map.of("AWS:team", "1"))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Failed to add tags to stream s under account 123456789012 because tag keys starting "
                        + "with 'aws:' are reserved for system use.");
        add(Map.of("team", "aws:value"));
        assertThat(list(null, null).tags()).containsExactly(new Tag("team", "aws:value"));
    }

    @Test
    void a_stream_holds_at_most_fifty_tags() {
        Map<String, String> fifty = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            fifty.put("k" + i, "v");
        }
        add(fifty);
        add(Map.of("k0", "replaced"));
        assertThatThrownBy(() -> add(Map.of("one-more", "v"))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Failed to add tags to stream s under account 123456789012 because a given stream "
                        + "cannot have more than 10 tags associated with it.");
        assertThat(list(null, 50).tags()).hasSize(50);
        assertThat(list(null, 50).hasMoreTags()).isFalse();
    }

    @Test
    void create_stream_tags_follow_the_same_rules() {
        assertThatThrownBy(() -> engine.createStream(CALLER, new CreateStreamRequest("t", 1, null,
                Map.of("a;b", "1"), null, null))).isInstanceOf(InvalidArgumentException.class)
                .hasMessage(INVALID_CHARACTERS);
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 51; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> engine.createStream(CALLER, new CreateStreamRequest("t", 1, null, many, null,
                null))).hasMessage("Failed to add tags to stream t under account 123456789012 because a given "
                        + "stream cannot have more than 10 tags associated with it.");
        assertThatThrownBy(() -> EngineFixture.summary(engine, "t")).isInstanceOf(ResourceNotFoundException.class);
        engine.createStream(CALLER, new CreateStreamRequest("t", 1, null, Map.of("b", "2", "a", "1"), null, null));
        assertThat(engine.listTagsForStream(CALLER, new ListTagsForStreamRequest("t", null, null, null)).tags())
                .containsExactly(new Tag("a", "1"), new Tag("b", "2"));
    }

    @Test
    void tag_resource_and_untag_resource_change_the_tags_of_the_stream_an_arn_names() {
        engine.tagResource(CALLER, new TagResourceRequest(Map.of("b", "2", "a", "1"), arn("s")));
        engine.untagResource(CALLER, new UntagResourceRequest(List.of("b"), arn("s")));
        assertThat(engine.listTagsForResource(CALLER, new ListTagsForResourceRequest(arn("s"))).tags())
                .containsExactly(new Tag("a", "1"));
        assertThat(list(null, null).tags()).containsExactly(new Tag("a", "1"));
        assertThatThrownBy(() -> engine.tagResource(CALLER, new TagResourceRequest(Map.of("x;", "1"), arn("s"))))
                .hasMessage(INVALID_CHARACTERS);
    }

    @Test
    void a_consumer_arn_parses_but_names_no_consumer_yet() {
        String consumer = arn("s") + "/consumer/app:1767225600";
        assertThatThrownBy(() -> engine.listTagsForResource(CALLER, new ListTagsForResourceRequest(consumer)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Consumer " + consumer + " under account 123456789012 not found.");
        assertThatThrownBy(() -> engine.tagResource(CALLER, new TagResourceRequest(Map.of("a", "1"), consumer)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> engine.listTagsForResource(CALLER,
                new ListTagsForResourceRequest(arn("missing") + "/consumer/app:1")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Stream missing under account 123456789012 not found.");
    }

    @Test
    void a_resource_arn_that_is_not_a_stream_or_consumer_is_invalid() {
        String odd = arn("s") + "/shard/1";
        assertThatThrownBy(() -> engine.listTagsForResource(CALLER, new ListTagsForResourceRequest(odd)))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("Invalid ResourceARN " + odd + ".");
    }

    @Test
    void a_resource_arn_of_another_account_is_denied_and_of_another_region_is_not_found() {
        String other = "arn:aws:kinesis:us-east-1:210987654321:stream/s";
        assertThatThrownBy(() -> engine.listTagsForResource(CALLER, new ListTagsForResourceRequest(other)))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Account 123456789012 is not authorized to access " + other
                        + " because no resource-based policy allows it.");
        assertThatThrownBy(() -> engine.listTagsForResource(CALLER,
                new ListTagsForResourceRequest("arn:aws:kinesis:eu-west-1:123456789012:stream/s")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void tags_can_change_while_the_stream_is_updating_but_not_while_it_is_creating() {
        engine.startStreamEncryption(CALLER, new StartStreamEncryptionRequest("s", EncryptionType.KMS, "alias/k",
                null));
        add(Map.of("a", "1"));
        assertThat(list(null, null).tags()).containsExactly(new Tag("a", "1"));
        engine.createStream(CALLER, new CreateStreamRequest("new", 1, null, null, null, null));
        assertThatThrownBy(() -> engine.addTagsToStream(CALLER, new AddTagsToStreamRequest("new", Map.of("a", "1"),
                null))).isInstanceOf(ResourceInUseException.class)
                .hasMessage("Stream new under account 123456789012 not ACTIVE, instead in state CREATING");
        RequestContext other = new RequestContext("210987654321", "us-east-1");
        assertThatThrownBy(() -> engine.listTagsForStream(other, new ListTagsForStreamRequest("s", null, null, null)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Stream s under account 210987654321 not found.");
    }
}
