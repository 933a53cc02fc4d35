package dev.freshet.api;

/** A consumer's status. */
public enum ConsumerStatus {
    CREATING,
    DELETING,
    ACTIVE
}
