package dev.freshet.api;

import java.util.List;

/** ListTagsForResource output. */
public record ListTagsForResourceResponse(List<Tag> tags) {}
