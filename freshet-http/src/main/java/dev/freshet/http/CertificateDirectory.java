package dev.freshet.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A directory holding the persisted self-signed pair, so clients that were told to trust the
 * certificate keep trusting it across restarts.
 *
 * <p>What a start finds, and does:
 * <pre>
 *   freshet-cert.pem  freshet-key.pem
 *   present           present          load the pair
 *   absent            absent           generate, then write (below)
 *   absent            present          an earlier write stopped between its renames: generate, write
 *   present           absent           refuse: someone removed the key; silently replacing a
 *                                      certificate clients may trust would break them in a confusing way
 * </pre>
 * Writing: both PEM texts go to {@code *.tmp} files (the key's created with mode 600 where the file
 * system has POSIX permissions, so it is never readable by others, not even briefly), are forced
 * to disk, then renamed key first, certificate last. The certificate's rename is the commit point,
 * which is what makes the table above complete.
 *
 * <p>Thread-safety: stateless; two processes generating into the same directory at once may each
 * keep a different certificate.
 */
final class CertificateDirectory {

    private CertificateDirectory() {
    }

    static TlsMaterial loadOrCreate(Path directory) throws IOException {
        Path certificate = directory.resolve(TlsMaterial.CERTIFICATE_FILE);
        Path key = directory.resolve(TlsMaterial.PRIVATE_KEY_FILE);
        boolean haveCertificate = Files.exists(certificate);
        boolean haveKey = Files.exists(key);
        if (haveCertificate && haveKey) {
            return TlsMaterial.fromPem(certificate, key);
        }
        if (haveCertificate) {
            throw new IOException(certificate + " exists but " + key + " does not; restore the key, or delete "
                    + certificate + " to have a new self-signed certificate generated");
        }
        Files.createDirectories(directory);
        TlsMaterial generated = SelfSignedCertificate.generate();
        Path keyTemp = directory.resolve(TlsMaterial.PRIVATE_KEY_FILE + ".tmp");
        Path certificateTemp = directory.resolve(TlsMaterial.CERTIFICATE_FILE + ".tmp");
        writeDurably(keyTemp, generated.privateKeyPem(), true);
        writeDurably(certificateTemp, generated.certificatePem(), false);
        move(keyTemp, key);
        move(certificateTemp, certificate);
        return generated;
    }

    private static void writeDurably(Path file, String text, boolean secret) throws IOException {
        Files.deleteIfExists(file);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = secret && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on exotic file systems; the commit order still holds.
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
