package dev.freshet.api;

/** The account's minimum throughput billing commitment, as UpdateAccountSettings sets it. */
public record MinimumThroughputBillingCommitmentInput(MinimumThroughputBillingCommitmentInputStatus status) {}
