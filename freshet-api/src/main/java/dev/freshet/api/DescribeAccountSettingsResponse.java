package dev.freshet.api;

/** DescribeAccountSettings output. */
public record DescribeAccountSettingsResponse(MinimumThroughputBillingCommitmentOutput minimumThroughputBillingCommitment) {}
