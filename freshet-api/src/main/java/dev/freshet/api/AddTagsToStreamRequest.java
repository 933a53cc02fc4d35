package dev.freshet.api;

import java.util.Map;

/** AddTagsToStream input. */
public record AddTagsToStreamRequest(String streamName, Map<String, String> tags, String streamARN) implements StreamAddressed {}
