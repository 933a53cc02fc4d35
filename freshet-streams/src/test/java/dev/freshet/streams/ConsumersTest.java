package dev.freshet.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.Consumer;
import dev.freshet.api.ConsumerDescription;
import dev.freshet.api.ConsumerStatus;
import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.DeleteStreamRequest;
import dev.freshet.api.DeregisterStreamConsumerRequest;
import dev.freshet.api.DescribeStreamConsumerRequest;
import dev.freshet.api.DescribeStreamSummaryRequest;
import dev.freshet.api.GetResourcePolicyRequest;
import dev.freshet.api.ListStreamConsumersRequest;
import dev.freshet.api.ListStreamConsumersResponse;
import dev.freshet.api.ListTagsForResourceRequest;
import dev.freshet.api.PutResourcePolicyRequest;
import dev.freshet.api.RegisterStreamConsumerRequest;
import dev.freshet.api.RequestContext;
import dev.freshet.api.Tag;
import dev.freshet.api.TagResourceRequest;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.LimitExceededException;
import dev.freshet.api.errors.ResourceInUseException;
import dev.freshet.api.errors.ResourceNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RegisterStreamConsumer, DeregisterStreamConsumer, DescribeStreamConsumer and ListStreamConsumers. */
class ConsumersTest {

    private static final RequestContext CALLER = new RequestContext("123456789012", "us-east-1");
    private static final Duration DELAY = Duration.ofSeconds(1);
    private static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/s";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<StreamEngine> engines = new ArrayList<>();

    @TempDir
    Path dataDir;

    @AfterEach
    void closeEngines() {
        engines.forEach(StreamEngine::close);
    }

    private StreamEngine engine(Path dir) throws IOException {
        StreamEngine engine = StreamEngine.open(EngineConfig.defaults().withDataDir(dir).withClock(clock)
                .withDelays(DELAY, DELAY, DELAY));
        engines.add(engine);
        return engine;
    }

    private StreamEngine engineWithStream() throws IOException {
        StreamEngine engine = engine(null);
        engine.createStream(CALLER, new CreateStreamRequest("s", 1, null, null, null, null));
        clock.advance(DELAY);
        return engine;
    }

    private static Consumer register(StreamEngine engine, String name) {
        return engine.registerStreamConsumer(CALLER, new RegisterStreamConsumerRequest(STREAM_ARN, name, null))
                .consumer();
    }

    private static ConsumerDescription describe(StreamEngine engine, String name) {
        return engine.describeStreamConsumer(CALLER, new DescribeStreamConsumerRequest(STREAM_ARN, name, null))
                .consumerDescription();
    }

    @Test
    void a_consumer_is_creating_then_active_with_an_aws_shaped_arn() throws IOException {
        StreamEngine engine = engineWithStream();
        Instant registeredAt = clock.instant();

        Consumer consumer = register(engine, "app");

        assertThat(consumer.consumerName()).isEqualTo("app");
        assertThat(consumer.consumerStatus()).isEqualTo(ConsumerStatus.CREATING);
        assertThat(consumer.consumerARN()).isEqualTo(STREAM_ARN + "/consumer/app:" + registeredAt.getEpochSecond());
        assertThat(consumer.consumerCreationTimestamp()).isEqualTo(registeredAt);
        clock.advance(DELAY);
        ConsumerDescription byName = describe(engine, "app");
        assertThat(byName.consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);
        assertThat(byName.streamARN()).isEqualTo(STREAM_ARN);
        assertThat(engine.describeStreamConsumer(CALLER,
                new DescribeStreamConsumerRequest(null, null, consumer.consumerARN())).consumerDescription())
                .isEqualTo(byName);
        assertThat(engine.describeStreamSummary(CALLER, new DescribeStreamSummaryRequest("s", null))
                .streamDescriptionSummary().consumerCount()).isEqualTo(1);
    }

    @Test
    void unknown_duplicate_and_too_many_consumers_get_the_aws_errors() throws IOException {
        StreamEngine engine = engineWithStream();
        assertThatThrownBy(() -> describe(engine, "nope")).isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Consumer nope under stream s under account 123456789012 not found.");
        assertThatThrownBy(() -> engine.describeStreamConsumer(CALLER,
                new DescribeStreamConsumerRequest(STREAM_ARN, null, null))).isInstanceOf(InvalidArgumentException.class);
        register(engine, "app");
        assertThatThrownBy(() -> register(engine, "app")).isInstanceOf(ResourceInUseException.class)
                .hasMessage("Consumer app under stream s under account 123456789012 already exists.");
        for (int i = 1; i < Consumers.MAX_CREATING; i++) {
            register(engine, "c" + i);
        }
        assertThatThrownBy(() -> register(engine, "sixth")).isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("CREATING");
        clock.advance(DELAY);
        for (int i = Consumers.MAX_CREATING; i < Consumers.MAX_CONSUMERS; i++) {
            register(engine, "c" + i);
            clock.advance(DELAY);
        }
        assertThatThrownBy(() -> register(engine, "one-too-many")).isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("20 registered consumers");
        assertThatThrownBy(() -> engine.registerStreamConsumer(CALLER,
                new RegisterStreamConsumerRequest(STREAM_ARN.replace("/s", "/missing"), "x", null)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Stream missing under account 123456789012 not found.");
    }

    @Test
    void listing_pages_through_consumers_and_checks_the_stream_creation_time() throws IOException {
        StreamEngine engine = engineWithStream();
        for (String name : List.of("c", "a", "b")) {
            register(engine, name);
        }
        ListStreamConsumersResponse first = engine.listStreamConsumers(CALLER,
                new ListStreamConsumersRequest(STREAM_ARN, null, 2, null));
        assertThat(first.consumers()).extracting(Consumer::consumerName).containsExactly("a", "b");
        ListStreamConsumersResponse second = engine.listStreamConsumers(CALLER,
                new ListStreamConsumersRequest(STREAM_ARN, first.nextToken(), 2, null));
        assertThat(second.consumers()).extracting(Consumer::consumerName).containsExactly("c");
        assertThat(second.nextToken()).isNull();
        engine.createStream(CALLER, new CreateStreamRequest("t", 1, null, null, null, null));
        assertThatThrownBy(() -> engine.listStreamConsumers(CALLER,
                new ListStreamConsumersRequest(STREAM_ARN.replace("/s", "/t"), first.nextToken(), 2, null)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("NextToken does not belong to stream t.");
        assertThatThrownBy(() -> engine.listStreamConsumers(CALLER,
                new ListStreamConsumersRequest(STREAM_ARN, null, null, Instant.EPOCH)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void a_deregistered_consumer_is_deleting_then_gone_and_its_name_can_be_registered_again() throws IOException {
        StreamEngine engine = engineWithStream();
        Consumer first = register(engine, "app");
        clock.advance(DELAY);

        engine.deregisterStreamConsumer(CALLER, new DeregisterStreamConsumerRequest(null, null, first.consumerARN()));

        assertThat(describe(engine, "app").consumerStatus()).isEqualTo(ConsumerStatus.DELETING);
        assertThatThrownBy(() -> engine.deregisterStreamConsumer(CALLER,
                new DeregisterStreamConsumerRequest(STREAM_ARN, "app", null)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> engine.listTagsForResource(CALLER,
                new ListTagsForResourceRequest(first.consumerARN())))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Consumer " + first.consumerARN() + " under account 123456789012 not found.");
        assertThatThrownBy(() -> engine.putResourcePolicy(CALLER, new PutResourcePolicyRequest(first.consumerARN(),
                "{}"))).isInstanceOf(ResourceNotFoundException.class);
        clock.advance(DELAY);
        assertThatThrownBy(() -> describe(engine, "app")).isInstanceOf(ResourceNotFoundException.class);
        Consumer second = register(engine, "app");
        assertThat(second.consumerARN()).isNotEqualTo(first.consumerARN());
        assertThatThrownBy(() -> engine.describeStreamConsumer(CALLER,
                new DescribeStreamConsumerRequest(null, null, first.consumerARN())))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void a_stream_with_consumers_is_deleted_only_when_consumer_deletion_is_enforced() throws IOException {
        StreamEngine engine = engineWithStream();
        register(engine, "app");
        clock.advance(DELAY);

        assertThatThrownBy(() -> engine.deleteStream(CALLER, new DeleteStreamRequest("s", null, null)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("EnforceConsumerDeletion");
        engine.deleteStream(CALLER, new DeleteStreamRequest("s", true, null));
        assertThat(describe(engine, "app").consumerStatus()).isEqualTo(ConsumerStatus.DELETING);
    }

    @Test
    void consumers_have_their_own_tags_and_policy_and_survive_a_restart() throws IOException {
        StreamEngine first = engine(dataDir);
        first.createStream(CALLER, new CreateStreamRequest("s", 1, null, null, null, null));
        clock.advance(DELAY);
        String arn = first.registerStreamConsumer(CALLER,
                new RegisterStreamConsumerRequest(STREAM_ARN, "app", Map.of("team", "a"))).consumer().consumerARN();
        first.tagResource(CALLER, new TagResourceRequest(Map.of("env", "test"), arn));
        first.putResourcePolicy(CALLER, new PutResourcePolicyRequest(arn, "{\"Statement\":[]}"));
        first.close();

        StreamEngine second = engine(dataDir);
        clock.advance(DELAY);
        assertThat(second.listTagsForResource(CALLER, new ListTagsForResourceRequest(arn)).tags())
                .containsExactly(new Tag("env", "test"), new Tag("team", "a"));
        assertThat(second.listTagsForResource(CALLER, new ListTagsForResourceRequest(STREAM_ARN)).tags()).isEmpty();
        assertThat(second.getResourcePolicy(CALLER, new GetResourcePolicyRequest(arn)).policy())
                .isEqualTo("{\"Statement\":[]}");
        assertThat(second.getResourcePolicy(CALLER, new GetResourcePolicyRequest(STREAM_ARN)).policy())
                .isEqualTo("{}");
        assertThat(second.describeStreamConsumer(CALLER, new DescribeStreamConsumerRequest(null, null, arn))
                .consumerDescription().consumerStatus()).isEqualTo(ConsumerStatus.ACTIVE);
    }
}
