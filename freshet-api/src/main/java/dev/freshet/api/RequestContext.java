package dev.freshet.api;

/** The caller of a request: the account and region its stream names live in. */
public record RequestContext(String accountId, String region) {}
