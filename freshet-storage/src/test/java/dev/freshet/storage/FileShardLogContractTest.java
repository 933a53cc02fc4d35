package dev.freshet.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The contract, on disk. */
class FileShardLogContractTest extends ShardLogContract {

    @TempDir
    Path dir;

    private final Map<LogStorage, Path> roots = new IdentityHashMap<>();

    @Override
    protected LogStorage createStorage(LogConfig config) throws Exception {
        Path root = Files.createTempDirectory(dir, "root");
        LogStorage storage = LogStorage.onDisk(root, config);
        roots.put(storage, root);
        return storage;
    }

    @Override
    protected LogStorage restart(LogStorage storage, LogConfig config) throws Exception {
        storage.close();
        Path root = roots.get(storage);
        LogStorage again = LogStorage.onDisk(root, config);
        roots.put(again, root);
        return again;
    }
}
