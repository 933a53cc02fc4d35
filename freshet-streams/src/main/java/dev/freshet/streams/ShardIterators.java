package dev.freshet.streams;

import dev.freshet.api.errors.ExpiredIteratorException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Shard iterators: a position in a shard, sealed so clients can neither read nor forge it, and good
 * for five minutes from issue. The sealing key lives in the data directory, so iterators survive a
 * restart.
 *
 * <pre>
 * payload (big-endian): issuedAt i64 (epoch ms) | shard index i32 | offset i64
 *                       | streamId length u8 | streamId | stream name UTF-8 (rest)
 * </pre>
 *
 * <p>Thread-safe.
 */
final class ShardIterators {

    static final long TTL_MILLIS = 300_000;
    private static final byte KIND = 1;
    private static final DateTimeFormatter AWS_TIME =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final TokenSealer sealer;

    ShardIterators(TokenSealer sealer) {
        this.sealer = sealer;
    }

    /** A decoded iterator: the stream (by id, and its name for messages), shard and next offset. */
    record Position(String streamId, String streamName, int shardIndex, long offset) {}

    String issue(Stream stream, ShardMetadata shard, long offset, long nowMillis) {
        byte[] id = stream.id().getBytes(StandardCharsets.US_ASCII);
        byte[] name = stream.metadata().name().getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(8 + 4 + 8 + 1 + id.length + name.length)
                .putLong(nowMillis).putInt(shard.index()).putLong(offset)
                .put((byte) id.length).put(id).put(name);
        return sealer.seal(KIND, payload.array());
    }

    /**
     * Opens an iterator.
     *
     * @throws dev.freshet.api.errors.InvalidArgumentException if it is not one this server issued
     * @throws ExpiredIteratorException if it is older than five minutes
     */
    Position open(String iterator, long nowMillis) {
        byte[] payload = sealer.open(KIND, iterator);
        if (payload == null || payload.length < 21) {
            throw Messages.invalidIterator();
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        long issuedAt = buffer.getLong();
        int shardIndex = buffer.getInt();
        long offset = buffer.getLong();
        byte[] id = new byte[buffer.get() & 0xFF];
        buffer.get(id);
        byte[] name = new byte[buffer.remaining()];
        buffer.get(name);
        if (nowMillis - issuedAt > TTL_MILLIS) {
            throw new ExpiredIteratorException("Iterator expired. The iterator was created at time "
                    + AWS_TIME.format(Instant.ofEpochMilli(issuedAt)) + " while right now it is "
                    + AWS_TIME.format(Instant.ofEpochMilli(nowMillis))
                    + " which is further in the future than the tolerated delay of " + TTL_MILLIS + " milliseconds.");
        }
        return new Position(new String(id, StandardCharsets.US_ASCII),
                new String(name, StandardCharsets.UTF_8), shardIndex, offset);
    }
}
