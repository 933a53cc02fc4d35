package dev.freshet.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes the PEM texts TLS material lives in.
 *
 * <p>Private keys are read in the three unencrypted forms OpenSSL and friends produce:
 * <pre>
 *   -----BEGIN PRIVATE KEY-----      PKCS#8, any algorithm (what this class writes)
 *   -----BEGIN RSA PRIVATE KEY-----  PKCS#1
 *   -----BEGIN EC PRIVATE KEY-----   SEC1, possibly preceded by an EC PARAMETERS block
 * </pre>
 * Encrypted keys are refused with a message saying so, rather than a parse error.
 *
 * <p>Thread-safety: stateless.
 */
final class Pem {

    private Pem() {
    }

    static List<X509Certificate> readCertificates(String pem, String source) throws IOException {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (var certificate : factory.generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                chain.add((X509Certificate) certificate);
            }
            if (chain.isEmpty()) {
                throw new IOException("no certificate in " + source);
            }
            return List.copyOf(chain);
        } catch (CertificateException e) {
            throw new IOException("cannot read certificates from " + source + ": " + e.getMessage(), e);
        }
    }

    static PrivateKey readPrivateKey(String pem, String source) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IOException("the private key in " + source + " is encrypted; give an unencrypted key");
                }
                // Anything else, e.g. the EC PARAMETERS block `openssl ecparam -genkey` writes before the key, is skipped.
            }
        }
        throw new IOException("no private key in " + source);
    }

    static String certificatesToPem(List<X509Certificate> chain) {
        return write(chain.toArray());
    }

    static String privateKeyToPem(PrivateKey key) {
        try {
            // PKCS#8 rather than BouncyCastle's default "traditional" form: every TLS stack reads it.
            return write(new JcaPKCS8Generator(key, null));
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encode " + key.getAlgorithm() + " private key", e);
        }
    }

    private static String write(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing PEM to memory", e);
        }
        return text.toString();
    }
}
