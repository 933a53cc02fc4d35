package dev.freshet.api;

import java.util.List;

/** DisableEnhancedMonitoring input. */
public record DisableEnhancedMonitoringRequest(String streamName, List<String> shardLevelMetrics, String streamARN) implements StreamAddressed {}
