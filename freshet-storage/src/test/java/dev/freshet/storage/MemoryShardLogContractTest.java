package dev.freshet.storage;

/** The contract, in memory. */
class MemoryShardLogContractTest extends ShardLogContract {

    @Override
    protected LogStorage createStorage(LogConfig config) {
        return LogStorage.inMemory(config);
    }

    @Override
    protected LogStorage restart(LogStorage storage, LogConfig config) {
        return storage;
    }
}
