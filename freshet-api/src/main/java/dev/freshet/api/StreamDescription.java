package dev.freshet.api;

import java.time.Instant;
import java.util.List;

/** A stream as DescribeStream shows it. */
public record StreamDescription(String streamName, String streamARN, StreamStatus streamStatus, StreamModeDetails streamModeDetails, List<Shard> shards, Boolean hasMoreShards, Integer retentionPeriodHours, Instant streamCreationTimestamp, List<EnhancedMetrics> enhancedMonitoring, EncryptionType encryptionType, String keyId) {}
