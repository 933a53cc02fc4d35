package dev.freshet.api;

/** A tag: a key and an optional value. */
public record Tag(String key, String value) {}
