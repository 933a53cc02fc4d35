package dev.freshet.storage;

import java.util.List;

/**
 * The result of a read: the records, in offset order, and the offset to read from next (the offset
 * after the last record returned, or the effective start offset if none was returned).
 */
public record ReadBatch(List<StoredRecord> records, long nextOffset) {}
