package dev.freshet.api;

/** UpdateAccountSettings input. */
public record UpdateAccountSettingsRequest(MinimumThroughputBillingCommitmentInput minimumThroughputBillingCommitment) {}
