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
import java.security.interfaces.ECPrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
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
    void generatedCertificateIsAWellFormedSelfSignedV3CertificateWithCriticalConstraints() throws Exception {
        TlsMaterial material = TlsMaterial.selfSignedInMemory();
        X509Certificate certificate = material.certificateChain().get(0);

        certificate.verify(certificate.getPublicKey()); // signed by its own key
        certificate.checkValidity();
        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(certificate.getSerialNumber()).isPositive();
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
        // digitalSignature only
        assertThat(certificate.getKeyUsage()).startsWith(true, false, false, false, false, false);
        // Subject and authority key identifiers: the same 20-byte SHA-1 of the key bits, as RFC 5280 asks.
        byte[] subjectKeyId = SubjectKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(certificate.getExtensionValue("2.5.29.14")).getOctets()).getKeyIdentifier();
        byte[] authorityKeyId = AuthorityKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(certificate.getExtensionValue("2.5.29.35")).getOctets())
                .getKeyIdentifier();
        assertThat(subjectKeyId).hasSize(20).isEqualTo(authorityKeyId).isEqualTo(
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(certificate.getPublicKey()).getKeyIdentifier());
        // Every start makes a new key and serial.
        X509Certificate another = TlsMaterial.selfSignedInMemory().certificateChain().get(0);
        assertThat(another.getSerialNumber()).isNotEqualTo(certificate.getSerialNumber());
        assertThat(another.getPublicKey()).isNotEqualTo(certificate.getPublicKey());
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
    void fromPemLoadsASec1EcKeyNamingItsCurveInsideOrInAPrecedingParametersBlock() throws Exception {
        TlsMaterial original = TlsMaterial.selfSignedInMemory();
        Path certificate = Files.writeString(dir.resolve("cert.pem"), original.certificatePem());
        BigInteger secret = ((ECPrivateKey) original.privateKey()).getS();
        ASN1ObjectIdentifier p256 = new ASN1ObjectIdentifier("1.2.840.10045.3.1.7");
        // What `openssl ecparam -name prime256v1 -genkey -noout` writes: SEC1 with the curve inside.
        Path key = Files.writeString(dir.resolve("ec-key.pem"),
                pem(new PemObject("EC PRIVATE KEY", sec1(secret, p256))));
        // What it writes without -noout: the curve first, then a key that may leave it out.
        Path keyAfterParameters = Files.writeString(dir.resolve("ec-key-params.pem"),
                pem(new PemObject("EC PARAMETERS", p256.getEncoded()))
                        + pem(new PemObject("EC PRIVATE KEY", sec1(secret, null))));

        // fromPem also checks that each key signs for the certificate's public key.
        assertThat(((ECPrivateKey) TlsMaterial.fromPem(certificate, key).privateKey()).getS()).isEqualTo(secret);
        assertThat(((ECPrivateKey) TlsMaterial.fromPem(certificate, keyAfterParameters).privateKey()).getS())
                .isEqualTo(secret);
    }

    @Test
    void fromPemRefusesEncryptedKeysSayingSo() throws Exception {
        Path certificate = Files.writeString(dir.resolve("cert.pem"),
                TlsMaterial.selfSignedInMemory().certificatePem());
        Path pkcs8 = Files.writeString(dir.resolve("pkcs8.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n");
        Path traditional = Files.writeString(dir.resolve("traditional.pem"), "-----BEGIN RSA PRIVATE KEY-----\n"
                + "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nMAA=\n"
                + "-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> TlsMaterial.fromPem(certificate, pkcs8)).isInstanceOf(IOException.class)
                .hasMessageContaining("is encrypted");
        assertThatThrownBy(() -> TlsMaterial.fromPem(certificate, traditional)).isInstanceOf(IOException.class)
                .hasMessageContaining("is encrypted");
    }

    @Test
    void fromPemExplainsAMalformedKey() throws Exception {
        Path certificate = Files.writeString(dir.resolve("cert.pem"),
                TlsMaterial.selfSignedInMemory().certificatePem());
        Path notBase64 = Files.writeString(dir.resolve("bad.pem"),
                "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n");
        Path notAKey = Files.writeString(dir.resolve("junk.pem"),
                "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n");
        Path unterminated = Files.writeString(dir.resolve("cut.pem"), "-----BEGIN PRIVATE KEY-----\nMAA=\n");

        for (Path key : List.of(notBase64, notAKey, unterminated)) {
            assertThatThrownBy(() -> TlsMaterial.fromPem(certificate, key)).isInstanceOf(IOException.class)
                    .hasMessageContaining(key.toString());
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

    /** A P-256 key as SEC1 (RFC 5915) DER, naming {@code curve} inside or, if it is null, no curve. */
    private static byte[] sec1(BigInteger secret, ASN1ObjectIdentifier curve) throws IOException {
        return new org.bouncycastle.asn1.sec.ECPrivateKey(256, secret, curve).getEncoded();
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
