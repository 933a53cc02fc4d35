package dev.freshet.api;

/** How records are encrypted at rest. */
public enum EncryptionType {
    NONE,
    KMS
}
