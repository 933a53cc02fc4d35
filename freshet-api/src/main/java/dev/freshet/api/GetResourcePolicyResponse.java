package dev.freshet.api;

/** GetResourcePolicy output. */
public record GetResourcePolicyResponse(String policy) {}
