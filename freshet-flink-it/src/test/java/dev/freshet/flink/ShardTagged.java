package dev.freshet.flink;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;

/**
 * Turns a record into {@code "<shardId> <data>"}, so that a test sees which shards the source read as
 * well as what it read.
 */
final class ShardTagged implements KinesisDeserializationSchema<String> {

    private static final long serialVersionUID = 1L;

    @Override
    public String deserialize(byte[] data, String partitionKey, String sequenceNumber, long arrival, String stream,
            String shardId) {
        return shardId + " " + new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }

    static String shard(String tagged) {
        return tagged.substring(0, tagged.indexOf(' '));
    }

    static String data(String tagged) {
        return tagged.substring(tagged.indexOf(' ') + 1);
    }
}
