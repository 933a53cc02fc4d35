package dev.freshet.streams;

/** Where a stream name is unique: an account and a region. */
record StreamKey(String accountId, String region, String name) {}
