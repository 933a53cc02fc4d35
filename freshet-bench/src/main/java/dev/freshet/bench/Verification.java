package dev.freshet.bench;

import java.util.List;

/**
 * What reading a stream back found, against what the servers acknowledged.
 *
 * @param acknowledged records the server acknowledged
 * @param read records read back, duplicates included
 * @param missing acknowledged records never read back
 * @param duplicated reads of a record beyond its first
 * @param unexpected distinct records read back that were never acknowledged (a put whose answer was lost)
 * @param corrupt records read back whose length or header is not what was written
 * @param missingSample up to ten ids of missing records, for a bug report
 */
record Verification(long acknowledged, long read, long missing, long duplicated, long unexpected, long corrupt,
        List<Long> missingSample) {

    Verification {
        missingSample = List.copyOf(missingSample);
    }

    /** Every acknowledged record read back exactly once, and nothing else. */
    boolean exactlyOnce() {
        return missing == 0 && duplicated == 0 && unexpected == 0 && corrupt == 0;
    }
}
