package dev.freshet.api;

/** DescribeStreamSummary output. */
public record DescribeStreamSummaryResponse(StreamDescriptionSummary streamDescriptionSummary) {}
