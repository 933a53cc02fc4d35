package dev.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freshet.server.FreshetServer;
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

    private static FreshetServer server;
    private static KinesisClient kinesis;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.inMemory("--create-stream-delay", "300ms", "--delete-stream-delay", "300ms");
        kinesis = Clients.sync(server.endpoint(), null);
    }

    @AfterAll
    static void stop() {
        kinesis.close();
        server.close();
    }

    /** Creates a stream of one shard and waits until it is ACTIVE; returns its ARN. */
    private static String activeStream(String name) throws Exception {
        kinesis.createStream(b -> b.streamName(name).shardCount(1));
        return Waits.streamActive(kinesis, name).streamARN();
    }

    @Test
    void consumers_register_list_describe_and_deregister_through_the_sdk() throws Exception {
        String stream = Clients.perWireFormat("fanout");
        String streamArn = activeStream(stream);

        Consumer registered = kinesis.registerStreamConsumer(b -> b.streamARN(streamArn).consumerName("app"))
                .consumer();

        assertThat(registered.consumerStatus()).isEqualTo(ConsumerStatus.CREATING);
        assertThat(registered.consumerARN()).matches(java.util.regex.Pattern.quote(streamArn) + "/consumer/app:\\d+");
        ConsumerDescription active = Waits.consumerActive(kinesis, registered.consumerARN());
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
        String stream = Clients.perWireFormat("cli-fanout");
        String streamArn = activeStream(stream);
        String endpoint = server.endpoint().toString();

        JsonNode registered = Cli.awsJson(endpoint, "register-stream-consumer", "--stream-arn", streamArn,
                "--consumer-name", "cli-app");
        String consumerArn = registered.at("/Consumer/ConsumerARN").asText();
        assertThat(registered.at("/Consumer/ConsumerStatus").asText()).isEqualTo("CREATING");
        Waits.consumerActive(kinesis, consumerArn);
        JsonNode listed = Cli.awsJson(endpoint, "list-stream-consumers", "--stream-arn", streamArn);
        assertThat(listed.at("/Consumers/0/ConsumerARN").asText()).isEqualTo(consumerArn);
        JsonNode described = Cli.awsJson(endpoint, "describe-stream-consumer", "--consumer-arn", consumerArn);
        assertThat(described.at("/ConsumerDescription/ConsumerStatus").asText()).isEqualTo("ACTIVE");
        assertThat(described.at("/ConsumerDescription/StreamARN").asText()).isEqualTo(streamArn);
    }
}
