package dev.freshet.api;

import java.util.List;

/** UntagResource input. */
public record UntagResourceRequest(List<String> tagKeys, String resourceARN) {}
