package dev.freshet.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Generates the self-signed certificate a development server offers when given no certificate.
 *
 * <p>The key is EC P-256: as widely accepted as RSA 2048 by current TLS clients and generated in
 * milliseconds rather than up to a second. The certificate names {@code localhost},
 * {@code 127.0.0.1} and {@code ::1} in SubjectAlternativeName (clients match host names against
 * SANs, not the CN) and carries the extensions strict verifiers (e.g. Python 3.13's
 * {@code VERIFY_X509_STRICT}) insist on: critical BasicConstraints {@code CA:FALSE}, critical key
 * usage {@code digitalSignature}, extended key usage {@code serverAuth}, and subject and authority
 * key identifiers (RFC 5280 4.2.1.2 method 1: the SHA-1 of the public key bits).
 *
 * <p>The JDK generates the key and signs; {@link Der} lays out the X.509 v3 structure (RFC 5280
 * 4.1), which the JDK's own certificate parser then reads back, so a malformed encoding would fail
 * here rather than at a client.
 *
 * <p>Thread-safety: stateless.
 */
final class SelfSignedCertificate {

    static final Duration VALIDITY = Duration.ofDays(3650);

    // A day of slack so a client whose clock runs behind still accepts a certificate made just now.
    private static final Duration BACKDATE = Duration.ofDays(1);

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALTERNATIVE_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private SelfSignedCertificate() {
    }

    static TlsMaterial generate() {
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String("localhost"))));
            byte[] signatureAlgorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
            byte[] keyIdentifier = keyIdentifier(keys.getPublic());
            // Positive and at most 64 bits, as RFC 5280 asks (<= 20 octets, non-negative).
            BigInteger serial = new BigInteger(63, random).add(BigInteger.ONE);
            byte[] extensions = Der.sequence(
                    extension(SUBJECT_ALTERNATIVE_NAME, false, Der.sequence(
                            Der.implicitPrimitive(2, "localhost".getBytes(StandardCharsets.US_ASCII)),
                            Der.implicitPrimitive(7, InetAddress.getByName("127.0.0.1").getAddress()),
                            Der.implicitPrimitive(7, InetAddress.getByName("::1").getAddress()))),
                    extension(BASIC_CONSTRAINTS, true, Der.sequence()),
                    // digitalSignature is bit 0: one byte 0x80 with its 7 low bits unused.
                    extension(KEY_USAGE, true, Der.tlv(Der.BIT_STRING, new byte[] {7, (byte) 0x80})),
                    extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))),
                    extension(SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyIdentifier)),
                    extension(AUTHORITY_KEY_IDENTIFIER, false, Der.sequence(Der.implicitPrimitive(0, keyIdentifier))));
            byte[] tbs = Der.sequence(
                    Der.explicit(0, Der.integer(2)), // v3
                    Der.integer(serial),
                    signatureAlgorithm,
                    name,
                    Der.sequence(Der.time(now.minus(BACKDATE)), Der.time(now.plus(VALIDITY))),
                    name,
                    keys.getPublic().getEncoded(), // SubjectPublicKeyInfo
                    Der.explicit(3, extensions));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate(), random);
            signer.update(tbs);
            byte[] certificate = Der.sequence(tbs, signatureAlgorithm, Der.bitString(signer.sign()));
            X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
            return new TlsMaterial(List.of(parsed), keys.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            // Every algorithm used here is mandatory in every JDK, so this is a broken runtime.
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? Der.sequence(Der.oid(oid), Der.booleanTrue(), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /** The SHA-1 of the subjectPublicKey BIT STRING's bits, without its unused-bits byte. */
    private static byte[] keyIdentifier(PublicKey key) throws IOException, GeneralSecurityException {
        List<Der.Element> info = Der.parse(key.getEncoded()).expect(Der.SEQUENCE).children();
        byte[] bits = info.get(1).expect(Der.BIT_STRING).value();
        return MessageDigest.getInstance("SHA-1").digest(Arrays.copyOfRange(bits, 1, bits.length));
    }
}
