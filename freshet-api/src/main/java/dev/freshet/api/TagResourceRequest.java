package dev.freshet.api;

import java.util.Map;

/** TagResource input. */
public record TagResourceRequest(Map<String, String> tags, String resourceARN) {}
