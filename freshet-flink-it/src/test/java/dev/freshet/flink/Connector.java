package dev.freshet.flink;

import java.net.URI;
import java.util.Properties;
import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants.EFORegistrationType;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants.RecordPublisherType;

/**
 * The connector's configuration against a Freshet endpoint: what a user sets, and nothing else but
 * shorter intervals, so that the tests are quick.
 */
final class Connector {

    private Connector() {}

    /** Endpoint, region and static credentials: all any part of the connector needs. */
    static Properties aws(URI endpoint) {
        Properties config = new Properties();
        config.setProperty(AWSConfigConstants.AWS_ENDPOINT, endpoint.toString());
        config.setProperty(AWSConfigConstants.AWS_REGION, Kinesis.REGION);
        config.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "BASIC");
        config.setProperty(AWSConfigConstants.AWS_ACCESS_KEY_ID, Kinesis.ACCESS_KEY_ID);
        config.setProperty(AWSConfigConstants.AWS_SECRET_ACCESS_KEY, Kinesis.SECRET_KEY);
        return config;
    }

    /** FlinkKinesisConsumer reading by GetRecords (its AWS SDK v1), from the oldest record. */
    static Properties polling(URI endpoint) {
        Properties config = source(endpoint);
        config.setProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE, RecordPublisherType.POLLING.name());
        // The default 200 ms between GetRecords calls of a shard only slows the test down.
        config.setProperty(ConsumerConfigConstants.SHARD_GETRECORDS_INTERVAL_MILLIS, "50");
        return config;
    }

    /**
     * FlinkKinesisConsumer reading by enhanced fan-out: it registers the stream consumer
     * {@code consumerName} ({@code registration} EAGER: when the source is built, in the client; LAZY:
     * when its tasks start) and subscribes to each shard with SubscribeToShard over HTTP/2 (its AWS SDK
     * v2 and Netty).
     */
    static Properties fanOut(URI endpoint, String consumerName, EFORegistrationType registration) {
        Properties config = source(endpoint);
        config.setProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE, RecordPublisherType.EFO.name());
        config.setProperty(ConsumerConfigConstants.EFO_CONSUMER_NAME, consumerName);
        config.setProperty(ConsumerConfigConstants.EFO_REGISTRATION_TYPE, registration.name());
        // Registration sleeps a jittered backoff (base 500 ms, up to 2 s) before each poll of the
        // consumer's status, and LAZY registration once more before it starts.
        config.setProperty(ConsumerConfigConstants.REGISTER_STREAM_BACKOFF_BASE, "50");
        config.setProperty(ConsumerConfigConstants.REGISTER_STREAM_BACKOFF_MAX, "200");
        config.setProperty(ConsumerConfigConstants.DEREGISTER_STREAM_BACKOFF_BASE, "50");
        config.setProperty(ConsumerConfigConstants.DEREGISTER_STREAM_BACKOFF_MAX, "200");
        return config;
    }

    /**
     * KinesisStreamsSink: PutRecords through its AWS SDK v2 async Netty client, which speaks HTTP/2 by
     * default: with prior knowledge on {@code http://}, over TLS without ALPN on {@code https://}.
     */
    static Properties sink(URI endpoint) {
        return aws(endpoint);
    }

    /**
     * KinesisStreamsSink over {@code https://}: its HTTP client trusts any certificate, so the server's
     * self-signed one too (the property reaches the sink's client, but not the sources').
     */
    static Properties sinkTrustingAllCertificates(URI httpsEndpoint) {
        Properties config = aws(httpsEndpoint);
        config.setProperty(AWSConfigConstants.TRUST_ALL_CERTIFICATES, "true");
        return config;
    }

    /** KinesisStreamsSink on HTTP/1.1 rather than its default HTTP/2. */
    static Properties sinkOnHttp1(URI endpoint) {
        Properties config = aws(endpoint);
        config.setProperty(AWSConfigConstants.HTTP_PROTOCOL_VERSION, "HTTP1_1");
        return config;
    }

    private static Properties source(URI endpoint) {
        Properties config = aws(endpoint);
        // Every record, also those written before the job starts. The shard discovery interval
        // (SHARD_DISCOVERY_INTERVAL_MILLIS, 10 s) is left alone: the source lists the shards as it starts,
        // and the streams are not resharded while it runs.
        config.setProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION,
                ConsumerConfigConstants.InitialPosition.TRIM_HORIZON.name());
        return config;
    }
}
