package dev.freshet.api;

import java.util.Map;

/** RegisterStreamConsumer input. */
public record RegisterStreamConsumerRequest(String streamARN, String consumerName, Map<String, String> tags)
        implements StreamAddressed {

    /** This operation names its stream by ARN only. */
    @Override
    public String streamName() {
        return null;
    }
}
