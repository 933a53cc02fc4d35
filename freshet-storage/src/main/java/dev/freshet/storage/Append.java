package dev.freshet.storage;

import java.util.concurrent.CompletableFuture;

/**
 * The outcome of an append: the offset given to the batch's first record (the rest follow densely),
 * and a future that completes when the batch is as durable as the fsync policy demands, or
 * exceptionally if forcing it to disk failed.
 *
 * <p>On disk the future completes on one of the storage's journal threads, shared by every append written
 * or forced with it: attach only quick callbacks, or use the {@code *Async} variants, lest later appends wait
 * for them. In memory it is complete when returned.
 */
public record Append(long firstOffset, CompletableFuture<Void> durable) {}
