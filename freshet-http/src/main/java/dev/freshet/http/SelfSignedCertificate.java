package dev.freshet.http;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates the self-signed certificate a development server offers when given no certificate.
 *
 * <p>The key is EC P-256: as widely accepted as RSA 2048 by current TLS clients and generated in
 * milliseconds rather than up to a second. The certificate names {@code localhost},
 * {@code 127.0.0.1} and {@code ::1} in SubjectAlternativeName (clients match host names against
 * SANs, not the CN) and carries the extensions strict verifiers (e.g. Python 3.13's
 * {@code VERIFY_X509_STRICT}) insist on: critical BasicConstraints {@code CA:FALSE}, key usage,
 * extended key usage {@code serverAuth}, subject and authority key identifiers. Only the JDK's own
 * crypto providers are used; BouncyCastle just builds the ASN.1.
 *
 * <p>Thread-safety: stateless.
 */
final class SelfSignedCertificate {

    static final Duration VALIDITY = Duration.ofDays(3650);

    // A day of slack so a client whose clock runs behind still accepts a certificate made just now.
    private static final Duration BACKDATE = Duration.ofDays(1);

    private SelfSignedCertificate() {
    }

    static TlsMaterial generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=localhost");
            // Positive and at most 64 bits, as RFC 5280 asks (<= 20 octets, non-negative).
            BigInteger serial = new BigInteger(63, new SecureRandom()).add(BigInteger.ONE);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name, serial, Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name, keys.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.iPAddress, "::1"),
                    }))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            return new TlsMaterial(java.util.List.of(certificate), keys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            // Every algorithm used here is mandatory in every JDK, so this is a broken runtime.
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }
}
