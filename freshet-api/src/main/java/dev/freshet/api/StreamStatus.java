package dev.freshet.api;

/** The life-cycle state of a stream. */
public enum StreamStatus {
    CREATING,
    DELETING,
    ACTIVE,
    UPDATING
}
