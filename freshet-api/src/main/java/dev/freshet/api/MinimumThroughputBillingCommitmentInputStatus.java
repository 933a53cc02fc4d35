package dev.freshet.api;

/** The commitment states UpdateAccountSettings accepts. */
public enum MinimumThroughputBillingCommitmentInputStatus {
    ENABLED,
    DISABLED
}
