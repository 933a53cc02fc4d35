package dev.freshet.streams;

import dev.freshet.storage.LogStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The storage an engine runs on: shard logs, stream metadata, account settings and the key that
 * seals iterators and tokens, either in a data directory or in memory.
 *
 * <pre>
 * &lt;data-dir&gt;/token.key              32 random bytes (AES-256 key), written once, mode 600
 * &lt;data-dir&gt;/streams/               one JSON document per stream ({@link FileMetadataStore})
 * &lt;data-dir&gt;/logs/                  one directory per shard log, grouped by stream id ({@link LogStorage})
 * &lt;data-dir&gt;/account-settings.json  every account's settings ({@link FileAccountSettingsStore})
 * </pre>
 *
 * <p>Not thread-safe; used once, while an engine opens.
 */
record DataDirectory(LogStorage logs, MetadataStore metadata, AccountSettingsStore accountSettings, byte[] tokenKey)
        implements AutoCloseable {

    static DataDirectory open(EngineConfig config) throws IOException {
        Path dir = config.dataDir();
        if (dir == null) {
            return new DataDirectory(LogStorage.inMemory(), new MemoryMetadataStore(), new MemoryAccountSettingsStore(),
                    TokenSealer.newKey());
        }
        Files.createDirectories(dir);
        byte[] key = tokenKey(dir.resolve("token.key"));
        MetadataStore metadata = new FileMetadataStore(dir.resolve("streams"));
        AccountSettingsStore accounts = new FileAccountSettingsStore(dir);
        return new DataDirectory(LogStorage.onDisk(dir.resolve("logs"), config.storage()), metadata, accounts, key);
    }

    private static byte[] tokenKey(Path file) throws IOException {
        if (Files.exists(file)) {
            byte[] key = Files.readAllBytes(file);
            if (key.length != TokenSealer.KEY_BYTES) {
                throw new IOException(file + " is damaged: expected " + TokenSealer.KEY_BYTES + " bytes");
            }
            return key;
        }
        byte[] key = TokenSealer.newKey();
        DurableFiles.replace(file, key);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the file system has no POSIX modes (e.g. Windows); its ACLs apply instead
        }
        return key;
    }

    @Override
    public void close() {
        try (AccountSettingsStore a = accountSettings; MetadataStore m = metadata; LogStorage l = logs) {
            // closes all three, each even if another fails
        }
    }
}
