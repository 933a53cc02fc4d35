package dev.freshet.api;

/** UpdateStreamMode input. */
public record UpdateStreamModeRequest(String streamARN, StreamModeDetails streamModeDetails, Integer warmThroughputMiBps) implements StreamAddressed {

    /** This operation names its stream by ARN only. */
    @Override
    public String streamName() {
        return null;
    }
}
