package dev.freshet.api;

import java.util.List;

/** ListTagsForStream output. */
public record ListTagsForStreamResponse(List<Tag> tags, Boolean hasMoreTags) {}
