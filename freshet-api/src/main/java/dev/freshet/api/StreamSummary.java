package dev.freshet.api;

import java.time.Instant;

/** A stream as ListStreams summarises it. */
public record StreamSummary(String streamName, String streamARN, StreamStatus streamStatus, StreamModeDetails streamModeDetails, Instant streamCreationTimestamp) {}
