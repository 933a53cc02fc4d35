package dev.freshet.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.testing.Polling;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants.EFORegistrationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flink's FlinkKinesisConsumer in enhanced fan-out mode, unchanged but for the endpoint, reads a
 * three-shard stream on a local mini cluster: it registers a stream consumer (EAGER: when the source is
 * built; LAZY: when its tasks start), subscribes to every shard with SubscribeToShard over HTTP/2
 * through the connector's shaded AWS SDK v2 and Netty, and receives every record, those written before
 * the job started and those pushed while it ran, exactly once, each from the shard it was stored in. On
 * {@code http://} the connector speaks HTTP/2 with prior knowledge; on {@code https://} HTTP/2 over
 * TLS, trusting the server's certificate through the JVM's default trust store: the source's clients
 * take no trust setting of the connector's own ({@code aws.trust.all.certificates} reaches only the
 * sink's).
 */
class FlinkFanOutSourceTest extends OneServer {

    private static final String CONSUMER = "flink-app";

    @ParameterizedTest
    @EnumSource(names = {"EAGER", "LAZY"})
    void readsEveryRecordProduced(EFORegistrationType registration) throws Exception {
        String stream = "flink-efo-" + registration.name().toLowerCase();
        List<String> consumersWhileRunning = readEveryRecord(stream, server.endpoint(), registration);

        // The records came by fan-out: the connector registered its consumer to subscribe with.
        assertThat(consumersWhileRunning).containsExactly(CONSUMER + "=ACTIVE");
        if (registration == EFORegistrationType.LAZY) {
            // A LAZY consumer is the job's own: its tasks deregister it when they stop.
            Polling.until(CONSUMER + " deregistered from " + stream, Duration.ofSeconds(15),
                    () -> kinesis.consumers(stream), consumers -> !consumers.contains(CONSUMER + "=ACTIVE"));
        }
    }

    @Test
    void readsEveryRecordProducedOverTls() throws Exception {
        String stream = "flink-efo-tls";
        Map<String, String> previous = trustServerCertificateByDefault();
        try {
            List<String> consumersWhileRunning = readEveryRecord(stream, server.httpsEndpoint(),
                    EFORegistrationType.EAGER);
            assertThat(consumersWhileRunning).containsExactly(CONSUMER + "=ACTIVE");
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    /** Reads every record by fan-out (see {@link SourceRun}); returns the stream's consumers while the job ran. */
    private static List<String> readEveryRecord(String stream, URI endpoint, EFORegistrationType registration)
            throws Exception {
        return SourceRun.readsEveryRecord(kinesis, stream, Connector.fanOut(endpoint, CONSUMER, registration),
                () -> kinesis.consumers(stream));
    }

    /**
     * Makes the JVM's default trust store one holding only the server's certificate, as
     * {@code -Djavax.net.ssl.trustStore=...} on a task manager would; returns the properties it replaced.
     */
    private static Map<String, String> trustServerCertificateByDefault() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("freshet", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(server.certificatePem().getBytes(StandardCharsets.US_ASCII))));
        Path file = dataDir.resolve("truststore.p12");
        char[] password = "changeit".toCharArray();
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        Map<String, String> previous = new HashMap<>();
        for (String key : List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword",
                "javax.net.ssl.trustStoreType")) {
            previous.put(key, System.getProperty(key));
        }
        System.setProperty("javax.net.ssl.trustStore", file.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", new String(password));
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        return previous;
    }
}
