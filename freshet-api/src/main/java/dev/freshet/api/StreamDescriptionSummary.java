package dev.freshet.api;

import java.time.Instant;
import java.util.List;

/** A stream as DescribeStreamSummary shows it. */
public record StreamDescriptionSummary(String streamName, String streamARN, String streamId, StreamStatus streamStatus, StreamModeDetails streamModeDetails, Integer retentionPeriodHours, Instant streamCreationTimestamp, List<EnhancedMetrics> enhancedMonitoring, EncryptionType encryptionType, String keyId, Integer openShardCount, Integer consumerCount, WarmThroughputObject warmThroughput, Integer maxRecordSizeInKiB) {}
