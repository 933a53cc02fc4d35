package dev.freshet.api;

/**
 * A request that names its stream, by name or by ARN (the model allows either; when both are given
 * they must agree).
 */
public interface StreamAddressed {

    String streamName();

    String streamARN();
}
