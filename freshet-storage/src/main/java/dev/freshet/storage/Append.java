package dev.freshet.storage;

import java.util.concurrent.CompletableFuture;

/**
 * The outcome of an append: the offset given to the batch's first record (the rest follow densely),
 * and a future that completes when the batch is as durable as the fsync policy demands, or
 * exceptionally if forcing it to disk failed.
 */
public record Append(long firstOffset, CompletableFuture<Void> durable) {}
