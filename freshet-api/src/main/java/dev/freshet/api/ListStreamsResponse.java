package dev.freshet.api;

import java.util.List;

/** ListStreams output. */
public record ListStreamsResponse(List<String> streamNames, Boolean hasMoreStreams, String nextToken, List<StreamSummary> streamSummaries) {}
