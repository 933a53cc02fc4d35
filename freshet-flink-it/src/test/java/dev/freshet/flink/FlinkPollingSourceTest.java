package dev.freshet.flink;

import org.junit.jupiter.api.Test;

/**
 * Flink's FlinkKinesisConsumer in POLLING mode (ListShards, GetShardIterator and GetRecords through the
 * connector's shaded AWS SDK v1, in its default CBOR), unchanged but for the endpoint, reads a
 * three-shard stream on a local mini cluster: every record, those written before the job started and
 * those written while it ran, exactly once, each from the shard the server stored it in.
 */
class FlinkPollingSourceTest extends OneServer {

    @Test
    void readsEveryRecordProduced() throws Exception {
        SourceRun.readsEveryRecord(kinesis, "flink-polling", Connector.polling(server.endpoint()), () -> null);
    }
}
