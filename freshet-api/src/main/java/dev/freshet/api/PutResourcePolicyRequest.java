package dev.freshet.api;

/** PutResourcePolicy input. */
public record PutResourcePolicyRequest(String resourceARN, String policy) {}
