package dev.freshet.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The certificate chain and private key an {@link HttpServer} offers to TLS clients.
 *
 * <p>Thread-safety: thread-safe. The certificate and key are immutable; the JSSE context built from
 * them for servers is started once, under this object's lock, and shared by every server offering
 * this material.
 */
public final class TlsMaterial {

    /** The file {@link #selfSigned(Path)} keeps the certificate in. */
    public static final String CERTIFICATE_FILE = "freshet-cert.pem";

    /** The file {@link #selfSigned(Path)} keeps the private key in. */
    public static final String PRIVATE_KEY_FILE = "freshet-key.pem";

    private final List<X509Certificate> chain;
    private final PrivateKey privateKey;
    private CompletableFuture<ServerTls> serverTls; // guarded by this

    TlsMaterial(List<X509Certificate> chain, PrivateKey privateKey) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
        this.chain = List.copyOf(chain);
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * Loads a certificate chain (leaf first) and its unencrypted private key (PKCS#8, PKCS#1 RSA or
     * SEC1 EC) from PEM files.
     *
     * @throws IOException if a file cannot be read, holds no usable certificate or key, or the key
     *                     does not belong to the leaf certificate
     */
    public static TlsMaterial fromPem(Path certChainPem, Path privateKeyPem) throws IOException {
        List<X509Certificate> chain = Pem.readCertificates(Files.readString(certChainPem, StandardCharsets.US_ASCII),
                certChainPem.toString());
        PrivateKey key = Pem.readPrivateKey(Files.readString(privateKeyPem, StandardCharsets.US_ASCII),
                privateKeyPem.toString());
        requireMatchingKey(chain.get(0), key, certChainPem + " and " + privateKeyPem);
        return new TlsMaterial(chain, key);
    }

    /**
     * Loads {@value #CERTIFICATE_FILE} and {@value #PRIVATE_KEY_FILE} from {@code directory}, or, if
     * there are none yet, generates a self-signed certificate for {@code localhost},
     * {@code 127.0.0.1} and {@code ::1}, valid for ten years, and writes it there (the key readable
     * by the owner only, where the file system supports it) so the next start offers the same one.
     *
     * @throws IOException if the files cannot be read or written, or the certificate exists without its key
     */
    public static TlsMaterial selfSigned(Path directory) throws IOException {
        return CertificateDirectory.loadOrCreate(directory);
    }

    /** Generates a self-signed certificate like {@link #selfSigned(Path)} does, writing nothing. */
    public static TlsMaterial selfSignedInMemory() {
        return SelfSignedCertificate.generate();
    }

    /** The certificate chain, leaf first. */
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    /** The certificate chain as PEM text, e.g. to give clients as their trusted certificate. */
    public String certificatePem() {
        return Pem.certificatesToPem(chain);
    }

    /**
     * The JSSE context of a server offering this material, built on a helper thread the first time
     * it is asked for (when a server sees its first TLS connection) and shared from then on. Not
     * built at start-up: setting TLS up loads about 300 classes and, with the first handshake, costs
     * about a quarter of a second, which a server that is only ever spoken to in cleartext, as most
     * development servers are, never needs to pay. The key and certificate are checked when loaded, so nothing that can
     * go wrong here waits for the first TLS client to show up (except JSSE refusing material it
     * could parse, which the future then reports).
     */
    synchronized CompletableFuture<ServerTls> serverTls() {
        if (serverTls == null) {
            CompletableFuture<ServerTls> building = new CompletableFuture<>();
            Thread builder = new Thread(() -> {
                try {
                    building.complete(ServerTls.build(this));
                } catch (Throwable e) {
                    building.completeExceptionally(e);
                }
            }, "freshet-tls-setup");
            builder.setDaemon(true);
            builder.start();
            serverTls = building;
        }
        return serverTls;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    String privateKeyPem() {
        return Pem.privateKeyToPem(privateKey);
    }

    /**
     * Fails at load time rather than at the first handshake, where a mismatched pair shows up only
     * as a generic handshake failure on the client.
     */
    private static void requireMatchingKey(X509Certificate leaf, PrivateKey key, String source) throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return; // An algorithm we cannot test here; the handshake will still check it.
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IOException("the private key does not belong to the certificate in " + source);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("the private key does not belong to the certificate in " + source
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TlsMaterial[" + chain.get(0).getSubjectX500Principal() + ", " + privateKey.getAlgorithm() + " key]";
    }
}
