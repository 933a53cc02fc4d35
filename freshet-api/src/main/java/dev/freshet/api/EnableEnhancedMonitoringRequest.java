package dev.freshet.api;

import java.util.List;

/** EnableEnhancedMonitoring input. */
public record EnableEnhancedMonitoringRequest(String streamName, List<String> shardLevelMetrics, String streamARN) implements StreamAddressed {}
