package dev.freshet.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes the PEM texts (RFC 7468) TLS material lives in.
 *
 * <p>Private keys are read in the three unencrypted forms OpenSSL and friends produce:
 * <pre>
 *   -----BEGIN PRIVATE KEY-----      PKCS#8, RSA, RSASSA-PSS, EC or Ed25519/Ed448 (what this class writes)
 *   -----BEGIN RSA PRIVATE KEY-----  PKCS#1
 *   -----BEGIN EC PRIVATE KEY-----   SEC1 with a named curve, possibly preceded by an EC PARAMETERS block
 * </pre>
 * PKCS#1 and SEC1 keys are wrapped into PKCS#8 (RFC 5208) and handed to the JDK's key factories.
 * Encrypted keys ({@code ENCRYPTED PRIVATE KEY}, or a {@code Proc-Type: 4,ENCRYPTED} header) are
 * refused with a message saying so, rather than a parse error. Other blocks (certificates, EC
 * parameters) in a key file are skipped.
 *
 * <p>Written PEM has 64-character lines and {@code \n} line ends.
 *
 * <p>Thread-safety: stateless.
 */
final class Pem {

    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            RSA_ENCRYPTION, "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            EC_PUBLIC_KEY, "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.2.840.10040.4.1", "DSA");

    private Pem() {
    }

    /** One {@code -----BEGIN label-----} block: its label, whether an RFC 1421 header marks it encrypted, its bytes. */
    private record Block(String label, boolean encryptedHeader, byte[] der) {}

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
        byte[] curve = null; // the OID of the last EC PARAMETERS block, for a SEC1 key without its own
        for (Block block : blocks(pem, source)) {
            boolean isKey = switch (block.label()) {
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> true;
                default -> false;
            };
            if (isKey && (block.encryptedHeader() || block.label().equals("ENCRYPTED PRIVATE KEY"))) {
                throw new IOException("the private key in " + source + " is encrypted; give an unencrypted key");
            }
            try {
                switch (block.label()) {
                    case "PRIVATE KEY":
                        return fromPkcs8(block.der());
                    case "RSA PRIVATE KEY":
                        return fromPkcs8(Der.sequence(Der.integer(0),
                                Der.sequence(Der.oid(RSA_ENCRYPTION), Der.nullValue()), Der.octetString(block.der())));
                    case "EC PRIVATE KEY":
                        return fromSec1(block.der(), curve, source);
                    case "EC PARAMETERS":
                        Der.Element parameters = Der.parse(block.der());
                        curve = parameters.tag() == Der.OBJECT_IDENTIFIER ? block.der() : null;
                        break;
                    default:
                        break; // e.g. a certificate in the same file
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new IOException("cannot read the private key in " + source + ": " + e.getMessage(), e);
            }
        }
        throw new IOException("no private key in " + source);
    }

    private static PrivateKey fromPkcs8(byte[] der) throws IOException, GeneralSecurityException {
        List<Der.Element> info = Der.parse(der).expect(Der.SEQUENCE).children();
        if (info.size() < 3) {
            throw new IOException("not a PKCS#8 PrivateKeyInfo");
        }
        String oid = info.get(1).expect(Der.SEQUENCE).children().get(0).oid();
        String algorithm = KEY_ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new IOException("unsupported key algorithm " + oid);
        }
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** SEC1 (RFC 5915): SEQUENCE { 1, privateKey OCTET STRING, [0] curve OPTIONAL, [1] publicKey OPTIONAL }. */
    private static PrivateKey fromSec1(byte[] der, byte[] parametersCurve, String source)
            throws IOException, GeneralSecurityException {
        byte[] curve = parametersCurve;
        for (Der.Element field : Der.parse(der).expect(Der.SEQUENCE).children()) {
            if (field.tag() == 0xA0) {
                byte[] parameters = field.value();
                if (Der.parse(parameters).tag() != Der.OBJECT_IDENTIFIER) {
                    throw new IOException("the EC key in " + source + " has explicit curve parameters; "
                            + "give it with a named curve (openssl ec -param_enc named_curve)");
                }
                curve = parameters;
            }
        }
        if (curve == null) {
            throw new IOException("the EC key in " + source + " names no curve");
        }
        return fromPkcs8(Der.sequence(Der.integer(0), Der.sequence(Der.oid(EC_PUBLIC_KEY), curve),
                Der.octetString(der)));
    }

    private static List<Block> blocks(String pem, String source) throws IOException {
        List<Block> blocks = new ArrayList<>();
        String[] lines = pem.split("\r?\n|\r");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("-----BEGIN ") || !line.endsWith("-----")) {
                continue;
            }
            String label = line.substring("-----BEGIN ".length(), line.length() - "-----".length());
            String end = "-----END " + label + "-----";
            StringBuilder base64 = new StringBuilder();
            boolean encrypted = false;
            boolean closed = false;
            for (i++; i < lines.length; i++) {
                String body = lines[i].strip();
                if (body.equals(end)) {
                    closed = true;
                    break;
                }
                int colon = body.indexOf(':');
                if (colon > 0) { // an RFC 1421 header, e.g. Proc-Type: 4,ENCRYPTED
                    encrypted |= body.substring(0, colon).strip().equalsIgnoreCase("Proc-Type")
                            && body.toUpperCase(Locale.ROOT).contains("ENCRYPTED");
                    continue;
                }
                base64.append(body);
            }
            if (!closed) {
                throw new IOException("no " + end + " in " + source);
            }
            try {
                blocks.add(new Block(label, encrypted, Base64.getDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new IOException("malformed base64 in the " + label + " block of " + source, e);
            }
        }
        return blocks;
    }

    static String certificatesToPem(List<X509Certificate> chain) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : chain) {
            try {
                write(text, "CERTIFICATE", certificate.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode a certificate", e);
            }
        }
        return text.toString();
    }

    /** PKCS#8 rather than a "traditional" per-algorithm form: every TLS stack reads it. */
    static String privateKeyToPem(PrivateKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IllegalStateException("cannot encode " + key.getAlgorithm() + " private key as PKCS#8");
        }
        StringBuilder text = new StringBuilder();
        write(text, "PRIVATE KEY", encoded);
        return text.toString();
    }

    private static void write(StringBuilder text, String label, byte[] der) {
        String base64 = Base64.getEncoder().encodeToString(der);
        text.append("-----BEGIN ").append(label).append("-----\n");
        for (int at = 0; at < base64.length(); at += 64) {
            text.append(base64, at, Math.min(base64.length(), at + 64)).append('\n');
        }
        text.append("-----END ").append(label).append("-----\n");
    }
}
