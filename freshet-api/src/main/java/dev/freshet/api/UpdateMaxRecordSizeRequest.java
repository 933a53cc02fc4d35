package dev.freshet.api;

/** UpdateMaxRecordSize input. */
public record UpdateMaxRecordSizeRequest(String streamARN, Integer maxRecordSizeInKiB) implements StreamAddressed {

    /** This operation names its stream by ARN only. */
    @Override
    public String streamName() {
        return null;
    }
}
