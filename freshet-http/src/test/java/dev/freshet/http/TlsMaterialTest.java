package dev.freshet.http;

import static dev.freshet.http.Http1CleartextTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

    @TempDir
    Path dir;

    @Test
    void generatedCertificateNamesLocalhostAndBothLoopbackAddresses() throws Exception {
        X509Certificate certificate = TlsMaterial.selfSignedInMemory().certificateChain().get(0);

        List<String> sans = new ArrayList<>();
        for (List<?> san : certificate.getSubjectAlternativeNames()) {
            sans.add(san.get(0) + ":" + san.get(1));
        }
        assertThat(sans).containsExactlyInAnyOrder("2:localhost", "7:127.0.0.1", "7:0:0:0:0:0:0:0:1");
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
                .isGreaterThanOrEqualTo(Duration.ofDays(3650));
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void selfSignedPersistsThePairAndReusesItOnTheNextStart() throws Exception {
        Path certificateDir = dir.resolve("certs");
        TlsMaterial first = TlsMaterial.selfSigned(certificateDir);
        TlsMaterial second = TlsMaterial.selfSigned(certificateDir);

        assertThat(second.certificatePem()).isEqualTo(first.certificatePem());
        assertThat(Files.readString(certificateDir.resolve(TlsMaterial.CERTIFICATE_FILE))).isEqualTo(first.certificatePem());
        assertThat(Files.readString(certificateDir.resolve(TlsMaterial.PRIVATE_KEY_FILE))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(certificateDir.resolve(TlsMaterial.CERTIFICATE_FILE + ".tmp")).doesNotExist();
        if (Files.getFileStore(certificateDir).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    certificateDir.resolve(TlsMaterial.PRIVATE_KEY_FILE)))).isEqualTo("rw-------");
        }
        // A client trusting what the first start wrote can talk to the server of the next start.
        try (HttpServer server = HttpServer.start(new HttpServerConfig("127.0.0.1", 0, second), new EchoHandler())) {
            assertThat(postOverTls(server, first)).containsEntry("secure", "true");
        }
    }

    @Test
    void selfSignedRefusesACertificateWhoseKeyWasRemoved() throws Exception {
        TlsMaterial.selfSigned(dir);
        Files.delete(dir.resolve(TlsMaterial.PRIVATE_KEY_FILE));

        assertThatThrownBy(() -> TlsMaterial.selfSigned(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(TlsMaterial.PRIVATE_KEY_FILE);
    }

    @Test
    void selfSignedGeneratesAnewAfterAnInterruptedWrite() throws Exception {
        // A write that stopped between its two renames leaves only the key behind.
        Files.writeString(dir.resolve(TlsMaterial.PRIVATE_KEY_FILE), "left over");

        TlsMaterial generated = TlsMaterial.selfSigned(dir);

        assertThat(TlsMaterial.selfSigned(dir).certificatePem()).isEqualTo(generated.certificatePem());
    }

    @Test
    void fromPemLoadsAPkcs8PairWrittenByAnotherTool() throws Exception {
        TlsMaterial original = TlsMaterial.selfSignedInMemory();
        Path certificate = Files.writeString(dir.resolve("cert.pem"), original.certificatePem());
        Path key = Files.writeString(dir.resolve("key.pem"), original.privateKeyPem());

        TlsMaterial loaded = TlsMaterial.fromPem(certificate, key);

        assertThat(loaded.certificateChain()).isEqualTo(original.certificateChain());
        assertThat(loaded.privateKey()).isEqualTo(original.privateKey());
    }

    @Test
    void fromPemLoadsAnRsaPairWithATraditionalPkcs1KeyAndServesTlsWithIt() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path certificate = Files.writeString(dir.resolve("rsa-cert.pem"), pem(rsaCertificate(keys)));
        Path key = Files.writeString(dir.resolve("rsa-key.pem"), pem(keys.getPrivate()));
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        TlsMaterial loaded = TlsMaterial.fromPem(certificate, key);

        try (HttpServer server = HttpServer.start(new HttpServerConfig("127.0.0.1", 0, loaded), new EchoHandler())) {
            assertThat(postOverTls(server, loaded)).containsEntry("protocol", "HTTP/2").containsEntry("secure", "true");
        }
    }

    @Test
    void fromPemRefusesAKeyThatDoesNotBelongToTheCertificate() throws Exception {
        Path certificate = Files.writeString(dir.resolve("cert.pem"), TlsMaterial.selfSignedInMemory().certificatePem());
        Path otherKey = Files.writeString(dir.resolve("key.pem"), TlsMaterial.selfSignedInMemory().privateKeyPem());

        assertThatThrownBy(() -> TlsMaterial.fromPem(certificate, otherKey)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not belong");
    }

    @Test
    void fromPemExplainsAFileWithoutAKey() throws Exception {
        TlsMaterial material = TlsMaterial.selfSignedInMemory();
        Path certificate = Files.writeString(dir.resolve("cert.pem"), material.certificatePem());

        assertThatThrownBy(() -> TlsMaterial.fromPem(certificate, certificate)).isInstanceOf(IOException.class)
                .hasMessageContaining("no private key");
    }

    private static java.util.Map<String, String> postOverTls(HttpServer server, TlsMaterial trusted) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TestTls.jdkTrusting(trusted)).build();
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.address().getPort() + "/tls"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes("x"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return EchoHandler.parse(response.body());
    }

    private static X509Certificate rsaCertificate(KeyPair keys) throws Exception {
        X500Name name = new X500Name("CN=rsa.test");
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.TWO, Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))),
                name, keys.getPublic())
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }

    /** BouncyCastle's default PEM form for a Java key object is the traditional one ("RSA PRIVATE KEY"). */
    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
