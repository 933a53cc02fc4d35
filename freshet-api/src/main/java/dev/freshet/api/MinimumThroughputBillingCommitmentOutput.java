package dev.freshet.api;

import java.time.Instant;

/** The account's minimum throughput billing commitment, as the account settings show it. */
public record MinimumThroughputBillingCommitmentOutput(MinimumThroughputBillingCommitmentOutputStatus status, Instant startedAt, Instant endedAt, Instant earliestAllowedEndAt) {}
