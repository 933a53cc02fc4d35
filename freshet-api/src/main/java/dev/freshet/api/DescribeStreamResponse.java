package dev.freshet.api;

/** DescribeStream output. */
public record DescribeStreamResponse(StreamDescription streamDescription) {}
