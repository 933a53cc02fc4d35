package dev.freshet.api;

/** The commitment states the account settings show. */
public enum MinimumThroughputBillingCommitmentOutputStatus {
    ENABLED,
    DISABLED,
    ENABLED_UNTIL_EARLIEST_ALLOWED_END
}
