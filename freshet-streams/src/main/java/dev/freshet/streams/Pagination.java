package dev.freshet.streams;

import dev.freshet.api.RequestContext;
import dev.freshet.api.errors.ExpiredNextTokenException;
import dev.freshet.api.errors.InvalidArgumentException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;

/**
 * The NextTokens of the List operations: sealed (see {@link TokenSealer}), bound to the caller's
 * account and region, and good for five minutes. Each operation writes and reads only its own body.
 *
 * <pre>
 * payload (big-endian): issuedAt i64 (epoch ms) | scope length u8 | scope "account:region" US-ASCII
 *                       | body (the operation's own, rest)
 * </pre>
 *
 * <p>Thread-safe.
 */
final class Pagination {

    /** Pagination tokens, like shard iterators, are good for five minutes. */
    static final long TOKEN_TTL_MILLIS = 300_000;

    private final TokenSealer sealer;
    private final Clock clock;

    Pagination(TokenSealer sealer, Clock clock) {
        this.sealer = sealer;
        this.clock = clock;
    }

    String seal(byte kind, RequestContext context, byte[] body) {
        byte[] scope = scope(context);
        ByteBuffer payload = ByteBuffer.allocate(8 + 1 + scope.length + body.length)
                .putLong(clock.millis()).put((byte) scope.length).put(scope).put(body);
        return sealer.seal(kind, payload.array());
    }

    /**
     * The body of a token sealed as {@code kind} for this caller.
     *
     * @throws InvalidArgumentException if it is not such a token
     * @throws ExpiredNextTokenException if it is older than five minutes
     */
    ByteBuffer open(byte kind, RequestContext context, String token) {
        byte[] payload = sealer.open(kind, token);
        if (payload == null) {
            throw invalid();
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        long issuedAt = buffer.getLong();
        byte[] scope = new byte[buffer.get() & 0xFF];
        buffer.get(scope);
        if (!Arrays.equals(scope, scope(context))) {
            throw invalid();
        }
        if (clock.millis() - issuedAt > TOKEN_TTL_MILLIS) {
            throw new ExpiredNextTokenException("The timestamp sent for the NextToken has expired.");
        }
        return buffer.slice();
    }

    /**
     * A body for a token bound to one stream: {@code streamId length u16 | streamId UTF-8}, then room for
     * {@code rest} more bytes, which the caller puts.
     */
    static ByteBuffer body(String streamId, int rest) {
        byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + id.length + rest).putShort((short) id.length).put(id);
    }

    /** Reads the stream id {@link #body} put at the start of {@code body}. */
    static String getStreamId(ByteBuffer body) {
        byte[] id = new byte[body.getShort() & 0xFFFF];
        body.get(id);
        return new String(id, StandardCharsets.UTF_8);
    }

    private static byte[] scope(RequestContext context) {
        return (context.accountId() + ":" + context.region()).getBytes(StandardCharsets.US_ASCII);
    }

    private static InvalidArgumentException invalid() {
        return new InvalidArgumentException("Invalid NextToken.");
    }
}
