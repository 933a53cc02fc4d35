package dev.freshet.streams;

import dev.freshet.api.EncryptionType;
import java.util.List;
import java.util.Map;

/**
 * A stream's settings that do not shape its shards: tags, enhanced monitoring, encryption, record
 * size, warm throughput and resource policy. Immutable (each wither returns a new value); part of
 * {@link StreamMetadata}, stored with it by the {@link MetadataStore}, so every setting survives a
 * restart. Fields missing from a document written by an older version take their defaults.
 *
 * @param tags the stream's tags, by key
 * @param shardLevelMetrics the enabled enhanced (shard-level) metrics, in {@link EnhancedMonitoring}'s order
 * @param encryptionType NONE or KMS
 * @param keyId the KMS key of KMS encryption, else {@code null}
 * @param maxRecordSizeInKiB the largest record the stream accepts
 * @param warmThroughputMiBps the warm throughput asked for (the target), or {@code null}
 * @param warmThroughputBeforeMiBps the warm throughput the stream had when the target was last set,
 *     shown as current while the stream is UPDATING towards the target, or {@code null}
 * @param resourcePolicy the stream's resource policy document, or {@code null}
 */
record StreamSettings(
        Map<String, String> tags,
        List<String> shardLevelMetrics,
        EncryptionType encryptionType,
        String keyId,
        int maxRecordSizeInKiB,
        Integer warmThroughputMiBps,
        Integer warmThroughputBeforeMiBps,
        String resourcePolicy) {

    /** AWS's default and smallest maximum record size: 1 MiB. */
    static final int DEFAULT_MAX_RECORD_KIB = 1024;

    StreamSettings {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        shardLevelMetrics = shardLevelMetrics == null ? List.of() : List.copyOf(shardLevelMetrics);
        encryptionType = encryptionType == null ? EncryptionType.NONE : encryptionType;
        maxRecordSizeInKiB = maxRecordSizeInKiB == 0 ? DEFAULT_MAX_RECORD_KIB : maxRecordSizeInKiB;
    }

    static StreamSettings defaults() {
        return new StreamSettings(Map.of(), List.of(), EncryptionType.NONE, null, DEFAULT_MAX_RECORD_KIB, null, null,
                null);
    }

    StreamSettings withTags(Map<String, String> next) {
        return new StreamSettings(next, shardLevelMetrics, encryptionType, keyId, maxRecordSizeInKiB,
                warmThroughputMiBps, warmThroughputBeforeMiBps, resourcePolicy);
    }

    StreamSettings withShardLevelMetrics(List<String> next) {
        return new StreamSettings(tags, next, encryptionType, keyId, maxRecordSizeInKiB, warmThroughputMiBps,
                warmThroughputBeforeMiBps, resourcePolicy);
    }

    /** Encrypted with {@code nextKeyId} for KMS, or not encrypted ({@code NONE}, {@code null}). */
    StreamSettings withEncryption(EncryptionType nextType, String nextKeyId) {
        return new StreamSettings(tags, shardLevelMetrics, nextType, nextKeyId, maxRecordSizeInKiB,
                warmThroughputMiBps, warmThroughputBeforeMiBps, resourcePolicy);
    }

    StreamSettings withMaxRecordSizeInKiB(int next) {
        return new StreamSettings(tags, shardLevelMetrics, encryptionType, keyId, next, warmThroughputMiBps,
                warmThroughputBeforeMiBps, resourcePolicy);
    }

    /** Warm throughput {@code target}, moving from {@code before} (which may be {@code null}). */
    StreamSettings withWarmThroughput(Integer target, Integer before) {
        return new StreamSettings(tags, shardLevelMetrics, encryptionType, keyId, maxRecordSizeInKiB, target, before,
                resourcePolicy);
    }

    /** With resource policy {@code next}, or none for {@code null}. */
    StreamSettings withResourcePolicy(String next) {
        return new StreamSettings(tags, shardLevelMetrics, encryptionType, keyId, maxRecordSizeInKiB,
                warmThroughputMiBps, warmThroughputBeforeMiBps, next);
    }

    int maxRecordBytes() {
        return maxRecordSizeInKiB * 1024;
    }
}
