package dev.freshet.api;

import java.util.List;

/** EnableEnhancedMonitoring and DisableEnhancedMonitoring output. */
public record EnhancedMonitoringResponse(String streamName, List<String> currentShardLevelMetrics, List<String> desiredShardLevelMetrics, String streamARN) {}
