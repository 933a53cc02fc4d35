package dev.freshet.storage;

/**
 * When appended bytes are forced to stable storage. Every policy survives a process kill, because an
 * append returns only after its bytes are in the operating system; they differ on power loss.
 */
public enum FsyncPolicy {
    /** Each append is forced to disk before it is acknowledged; concurrent appends share one fsync. */
    ALWAYS,
    /** Dirty logs are forced to disk on a fixed interval; appends are acknowledged at once. */
    INTERVAL,
    /** Forcing is left to the operating system. */
    NEVER
}
