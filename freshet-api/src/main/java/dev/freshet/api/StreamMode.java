package dev.freshet.api;

/** A stream's capacity mode. */
public enum StreamMode {
    PROVISIONED,
    ON_DEMAND
}
