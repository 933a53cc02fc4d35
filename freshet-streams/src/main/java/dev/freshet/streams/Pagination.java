package dev.freshet.streams;

import dev.freshet.api.errors.ExpiredNextTokenException;

/** Rules shared by the pagination tokens of the List operations. Stateless. */
final class Pagination {

    /** Pagination tokens, like shard iterators, are good for five minutes. */
    static final long TOKEN_TTL_MILLIS = 300_000;

    private Pagination() {}

    static void requireFresh(long issuedAtMillis, long nowMillis) {
        if (nowMillis - issuedAtMillis > TOKEN_TTL_MILLIS) {
            throw new ExpiredNextTokenException("The timestamp sent for the NextToken has expired.");
        }
    }
}
