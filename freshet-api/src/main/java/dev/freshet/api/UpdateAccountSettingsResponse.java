package dev.freshet.api;

/** UpdateAccountSettings output. */
public record UpdateAccountSettingsResponse(MinimumThroughputBillingCommitmentOutput minimumThroughputBillingCommitment) {}
