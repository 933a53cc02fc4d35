package dev.freshet.api;

/** DeleteResourcePolicy input. */
public record DeleteResourcePolicyRequest(String resourceARN) {}
