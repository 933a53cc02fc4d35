package dev.freshet.api;

/** The output of an operation that returns nothing: an empty structure on the wire. */
public record Empty() {}
