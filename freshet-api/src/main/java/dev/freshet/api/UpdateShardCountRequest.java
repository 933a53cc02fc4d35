package dev.freshet.api;

/** UpdateShardCount input. */
public record UpdateShardCountRequest(String streamName, Integer targetShardCount, ScalingType scalingType, String streamARN) implements StreamAddressed {}
