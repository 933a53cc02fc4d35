package dev.freshet.kcl;

/**
 * A KCL 3 consumer reading by polling (GetShardIterator and GetRecords, the KCL's {@code PollingConfig}) over
 * {@code http://}, with the client the KCL itself builds: see {@link KclConsumerBehaviour} for what it proves.
 */
class KclPollingConsumerTest extends KclConsumerBehaviour {

    KclPollingConsumerTest() {
        super(KclWorker.Retrieval.POLLING);
    }
}
