/**
 * Freshet's embedded storage engine: append-only, checksummed, indexed shard logs.
 *
 * <p>Entry points: {@link dev.freshet.storage.LogStorage#onDisk} and
 * {@link dev.freshet.storage.LogStorage#inMemory()}, configured by {@link dev.freshet.storage.LogConfig}.
 *
 * <p>On disk, a log is the directory {@code root/<name>/} of segment files {@code %020d.log} (named by the
 * offset of their first record), each a sequence of record batches (format: {@code RecordBatch}), and for
 * every sealed segment an index file {@code %020d.index} (format: {@code IndexFile}). Only the last segment
 * is written. Opening a log reads one small index header per sealed segment and scans the last segment,
 * truncating any torn or corrupt tail ({@code LogRecovery}). Reads and time lookups binary-search a sparse
 * index, then scan at most about one index interval.
 *
 * <p>Threads: each storage runs up to eight group-commit threads, started as needed, under
 * {@link dev.freshet.storage.FsyncPolicy#ALWAYS}, and one flush thread plus those under
 * {@link dev.freshet.storage.FsyncPolicy#INTERVAL}. File descriptors: segment files are opened on use and
 * kept open within {@link dev.freshet.storage.LogConfig#openFileBudget()} for the whole storage, closing the
 * least recently used ones ({@code OpenFiles}); plus those of reads and forces still finishing on files
 * just closed, short-lived ones, and a lock file per storage. Callers should not interrupt threads that
 * are inside storage calls: an interrupt closes the file channel in use (the log reopens it on next use,
 * but the interrupted call fails).
 */
package dev.freshet.storage;
