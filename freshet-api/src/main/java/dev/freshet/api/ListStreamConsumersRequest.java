package dev.freshet.api;

import java.time.Instant;

/** ListStreamConsumers input. */
public record ListStreamConsumersRequest(String streamARN, String nextToken, Integer maxResults,
        Instant streamCreationTimestamp) implements StreamAddressed {

    /** This operation names its stream by ARN only. */
    @Override
    public String streamName() {
        return null;
    }
}
