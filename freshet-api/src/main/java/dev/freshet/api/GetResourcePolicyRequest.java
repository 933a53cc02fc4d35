package dev.freshet.api;

/** GetResourcePolicy input. */
public record GetResourcePolicyRequest(String resourceARN) {}
