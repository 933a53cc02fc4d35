package dev.freshet.kcl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The application under test: its record processors note every record the KCL hands them, in the order
 * handed, and checkpoint either after every batch (as most applications do) or only at given sequence
 * numbers. At a shard's end they always checkpoint, which is what lets the KCL go on to the children.
 *
 * <p>Thread-safe: the KCL runs each shard's processor on its own thread while the test reads.
 */
final class Recorder implements ShardRecordProcessorFactory {

    /** One user record as a processor was handed it (de-aggregated if the producer aggregated). */
    record Delivery(String shardId, String sequenceNumber, long subSequenceNumber, String partitionKey,
            String data, boolean aggregated) {}

    private final Map<String, String> checkpointOnlyAt;
    private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final Map<String, String> checkpointed = new ConcurrentHashMap<>();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    private Recorder(Map<String, String> checkpointOnlyAt) {
        this.checkpointOnlyAt = checkpointOnlyAt;
    }

    static Recorder checkpointingEveryBatch() {
        return new Recorder(null);
    }

    /** Checkpoints each shard of {@code shardToSequenceNumber} once, at that record, and nowhere else. */
    static Recorder checkpointingOnlyAt(Map<String, String> shardToSequenceNumber) {
        return new Recorder(Map.copyOf(shardToSequenceNumber));
    }

    @Override
    public ShardRecordProcessor shardRecordProcessor() {
        return new Processor();
    }

    /** Everything handed so far, in the order handed (per shard; shards interleave). */
    List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    /** Shard id to the sequence number each successful checkpoint other than at a shard's end was at. */
    Map<String, String> checkpointed() {
        return Map.copyOf(checkpointed);
    }

    /** Shards whose end the KCL reported (and that were checkpointed there). */
    Set<String> endedShards() {
        return Set.copyOf(ended);
    }

    /** What went wrong in a processor: the KCL logs and swallows those, so they are kept for the test. */
    List<String> failures() {
        return new ArrayList<>(failures);
    }

    private final class Processor implements ShardRecordProcessor {
        private String shardId;

        @Override
        public void initialize(InitializationInput input) {
            shardId = input.shardId();
        }

        @Override
        public void processRecords(ProcessRecordsInput input) {
            try {
                String checkpointAt = checkpointOnlyAt == null ? null : checkpointOnlyAt.get(shardId);
                boolean reachedCheckpoint = false;
                for (KinesisClientRecord record : input.records()) {
                    deliveries.add(new Delivery(shardId, record.sequenceNumber(), record.subSequenceNumber(),
                            record.partitionKey(), utf8(record.data()), record.aggregated()));
                    reachedCheckpoint |= record.sequenceNumber().equals(checkpointAt);
                }
                if (checkpointOnlyAt == null && !input.records().isEmpty()) {
                    input.checkpointer().checkpoint();
                    checkpointed.put(shardId, input.records().get(input.records().size() - 1).sequenceNumber());
                } else if (reachedCheckpoint) {
                    input.checkpointer().checkpoint(checkpointAt);
                    checkpointed.put(shardId, checkpointAt);
                }
            } catch (Exception e) {
                failures.add(shardId + ": processRecords: " + e);
            }
        }

        @Override
        public void leaseLost(LeaseLostInput input) {
            // Nothing to do: the lease is gone, so a checkpoint is no longer possible.
        }

        @Override
        public void shardEnded(ShardEndedInput input) {
            try {
                input.checkpointer().checkpoint();
                ended.add(shardId);
            } catch (Exception e) {
                failures.add(shardId + ": shardEnded: " + e);
            }
        }

        @Override
        public void shutdownRequested(ShutdownRequestedInput input) {
            // An application checkpointing only at chosen records leaves its checkpoints where they are.
            if (checkpointOnlyAt != null) {
                return;
            }
            try {
                input.checkpointer().checkpoint();
            } catch (Exception e) {
                failures.add(shardId + ": shutdownRequested: " + e);
            }
        }
    }

    private static String utf8(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
