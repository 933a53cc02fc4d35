package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.server.FreshetServer;
import dev.freshet.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListStreamConsumersResponse;

/**
 * Consumer registration through the AWS SDK for Java v2 (run in CBOR and JSON) and the AWS CLI's
 * register-stream-consumer, list-stream-consumers and describe-stream-consumer.
 */
class ConsumersSdkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FreshetServer server;
    private static KinesisClient kinesis;

    @BeforeAll
    static void start() throws Exception {
        server = FreshetServer.start(ServerConfig.fromFlags("--in-memory", "--port", "0",
                "--create-stream-delay", "300ms", "--delete-stream-delay", "300ms", "--update-stream-delay", "0"));
        kinesis = Clients.sync(server.endpoint(), null);
    }

    @AfterAll
    static void stop() {
        kinesis.close();
        server.close();
    }

    private static String name(String base) {
        return base + "-" + ("false".equals(System.getProperty("aws.cborEnabled")) ? "json" : "cbor");
    }

    private static String activeStream(String name) throws InterruptedException {
        kinesis.createStream(b -> b.streamName(name).shardCount(1));
        for (int i = 0; i < 100; i++) {
            var summary = kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
            if (summary.streamStatusAsString().equals("ACTIVE")) {
                return summary.streamARN();
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " never became ACTIVE");
    }

    private static ConsumerDescription awaitActive(String consumerArn) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            ConsumerDescription description = kinesis.describeStreamConsumer(b -> b.consumerARN(consumerArn))
                    .consumerDescription();
            if (description.consumerStatus() == ConsumerStatus.ACTIVE) {
                return description;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(consumerArn + " never became ACTIVE");
    }

    @Test
    void consumers_register_list_describe_and_deregister_through_the_sdk() throws Exception {
        String stream = name("fanout");
        String streamArn = activeStream(stream);

        Consumer registered = kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("app"))
                .consumer();

        assertThat(registered.consumerStatus()).isEqualTo(ConsumerStatus.CREATING);
        assertThat(registered.consumerARN()).matches(java.util.regex.Pattern.quote(streamArn) + "/consumer/app:\\d+");
        ConsumerDescription active = awaitActive(registered.consumerARN());
        assertThat(active.streamARN()).isEqualTo(streamArn);
        assertThat(kinesis.describeStreamConsumer(b -> b.streamARN(streamArn).consumerName("app"))
                .consumerDescription()).isEqualTo(active);
        kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("other"));
        ListStreamConsumersResponse page = kinesis.listStreamConsumers(b -> b.streamARN(streamArn).maxResults(1));
        assertThat(page.consumers()).extracting(Consumer::consumerName).containsExactly("app");
        assertThat(kinesis.listStreamConsumers(b -> b.streamARN(streamArn).nextToken(page.nextToken()))
                .consumers()).extracting(Consumer::consumerName).containsExactly("other");
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                .consumerCount()).isEqualTo(2);

        KinesisException duplicate = catchThrowableOfType(KinesisException.class,
                () -> kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("app")));
        assertThat(duplicate.awsErrorDetails().errorCode()).isEqualTo("ResourceInUseException");
        KinesisException unknown = catchThrowableOfType(KinesisException.class,
                () -> kinesis.describeStreamConsumer(b -> b.streamARN(streamArn).consumerName("nope")));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
        KinesisException withConsumers = catchThrowableOfType(KinesisException.class,
                () -> kinesis.deleteStream(b -> b.streamName(stream)));
        assertThat(withConsumers.awsErrorDetails().errorCode()).isEqualTo("ResourceInUseException");

        kinesis.deregisterStreamConsumer(b -> b.consumerARN(registered.consumerARN()));
        assertThat(kinesis.describeStreamConsumer(b -> b.consumerARN(registered.consumerARN()))
                .consumerDescription().consumerStatus()).isEqualTo(ConsumerStatus.DELETING);
        kinesis.deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
    }

    @Test
    void the_aws_cli_registers_lists_and_describes_consumers() throws Exception {
        String stream = name("cli-fanout");
        String streamArn = activeStream(stream);
        String endpoint = server.endpoint().toString();

        JsonNode registered = ok(endpoint, "register-stream-consumer", "--stream-arn", streamArn,
                "--consumer-name", "cli-app");
        String consumerArn = registered.at("/Consumer/ConsumerARN").asText();
        assertThat(registered.at("/Consumer/ConsumerStatus").asText()).isEqualTo("CREATING");
        awaitActive(consumerArn);
        JsonNode listed = ok(endpoint, "list-stream-consumers", "--stream-arn", streamArn);
        assertThat(listed.at("/Consumers/0/ConsumerARN").asText()).isEqualTo(consumerArn);
        JsonNode described = ok(endpoint, "describe-stream-consumer", "--consumer-arn", consumerArn);
        assertThat(described.at("/ConsumerDescription/ConsumerStatus").asText()).isEqualTo("ACTIVE");
        assertThat(described.at("/ConsumerDescription/StreamARN").asText()).isEqualTo(streamArn);
    }

    private static JsonNode ok(String endpoint, String... args) throws Exception {
        Cli.Result result = Cli.aws(endpoint, args);
        assertThat(result.exitCode()).as("aws %s: %s", String.join(" ", args), result.stderr()).isZero();
        return JSON.readTree(result.stdout());
    }
}
