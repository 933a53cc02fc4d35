package dev.freshet.api;

import java.util.List;

/** RemoveTagsFromStream input. */
public record RemoveTagsFromStreamRequest(String streamName, List<String> tagKeys, String streamARN) implements StreamAddressed {}
