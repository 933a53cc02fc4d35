package dev.freshet.storage;

import java.io.IOException;

/** Stored bytes that are not a valid batch: torn by a crash, damaged on disk, or not ours. Immutable. */
final class CorruptBatchException extends IOException {

    CorruptBatchException(String message) {
        super(message);
    }
}
