package dev.freshet.api;

import java.util.Map;

/** CreateStream input. */
public record CreateStreamRequest(String streamName, Integer shardCount, StreamModeDetails streamModeDetails, Map<String, String> tags, Integer warmThroughputMiBps, Integer maxRecordSizeInKiB) {}
