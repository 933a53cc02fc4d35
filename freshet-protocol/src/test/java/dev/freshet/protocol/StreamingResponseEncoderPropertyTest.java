package dev.freshet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.ChildShard;
import dev.freshet.api.EncryptionType;
import dev.freshet.api.GetRecordsResponse;
import dev.freshet.api.HashKeyRange;
import dev.freshet.api.PutRecordsResponse;
import dev.freshet.api.PutRecordsResultEntry;
import dev.freshet.api.StreamRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The streaming encoders write exactly the generic mapper's bytes: random PutRecords and GetRecords
 * answers, with nulls in every nullable place, empty and absent lists, plain ASCII strings (the first
 * tier's), strings with escapes, non-ASCII, surrogate pairs and lone surrogates (the second tier's),
 * lengths around every boundary of CBOR's length heads, blobs up to 70,000 bytes, and timestamps
 * from the extremes of the millisecond range, in both formats. Each tier must write the generic
 * path's bytes whenever it does not decline; the first must take every answer whose strings are
 * plain ASCII (and, in CBOR, short enough), the second every answer without null list elements or
 * lone surrogates, so the comparisons are not vacuous; and {@link Codec#encodeResponse} must equal
 * the generic path byte for byte, or throw the same.
 *
 * <p>Seeded: prints its seed; rerun a failure with {@code -Dfreshet.seed=N}.
 */
class StreamingResponseEncoderPropertyTest {

    private static final int ANSWERS_PER_TYPE_AND_FORMAT = 1000;
    private static final String[] TEXT_PIECES = {"a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001F",
        "é", "名", "\uD83D\uDE00", "\u2028", "<", "\u007F"};

    private Random random;
    /** Whether the answer being made may hold strings other than plain ASCII. */
    private boolean richAnswer;
    private boolean hasNullElement;
    private boolean hasLoneSurrogate;
    /** A string JSON's exact tier does not write: one needing escapes, or not ASCII. */
    private boolean hasRichText;
    /** A string CBOR's exact tier does not write: not ASCII, or longer than CBORGenerator writes in one piece. */
    private boolean hasNonAsciiOrLongText;

    @Test
    void the_fast_paths_write_the_generic_bytes_for_random_answers() {
        long seed = Long.getLong("freshet.seed", System.nanoTime());
        System.out.println("seed " + seed + " (rerun with -Dfreshet.seed=" + seed + ")");
        random = new Random(seed);
        int[] taken = new int[2];
        for (WireFormat format : WireFormat.values()) {
            for (int i = 0; i < ANSWERS_PER_TYPE_AND_FORMAT; i++) {
                check(format, this::putRecordsResponse, seed, taken);
                check(format, this::getRecordsResponse, seed, taken);
            }
        }
        System.out.println("exact tier " + taken[0] + ", generator tier " + taken[1]);
        assertThat(taken[0]).as("answers the exact tier took").isGreaterThan(ANSWERS_PER_TYPE_AND_FORMAT);
        assertThat(taken[1]).as("answers the generator tier took").isGreaterThan(ANSWERS_PER_TYPE_AND_FORMAT);
    }

    private void check(WireFormat format, Supplier<Object> answers, long seed, int[] taken) {
        richAnswer = random.nextBoolean();
        hasNullElement = false;
        hasLoneSurrogate = false;
        hasRichText = false;
        hasNonAsciiOrLongText = false;
        Object response = answers.get();
        String where = "seed " + seed + ", " + format + ", " + shorten(response.toString());
        byte[] generic = null;
        RuntimeException genericError = null;
        try {
            generic = Codec.encodeGeneric(format, response);
        } catch (RuntimeException e) {
            genericError = e;
        }
        StreamingResponseEncoder.Answer answer = StreamingResponseEncoder.answerOf(response);
        byte[] exact = StreamingResponseEncoder.tryExact(format, answer);
        byte[] generator = StreamingResponseEncoder.tryGenerator(format, answer);
        if (genericError != null) {
            assertThat(exact).as("exact tier must decline what the generic path fails on: " + where).isNull();
            assertThat(generator).as("generator tier must decline what the generic path fails on: " + where).isNull();
            RuntimeException codecError = Thrown.by(RuntimeException.class, () -> Codec.encodeResponse(format, response));
            assertThat(codecError.getClass()).as(where).isEqualTo(genericError.getClass());
            assertThat(codecError.getMessage()).as(where).isEqualTo(genericError.getMessage());
            return;
        }
        String expected = HexFormat.of().formatHex(generic);
        assertThat(HexFormat.of().formatHex(Codec.encodeResponse(format, response))).as(where).isEqualTo(expected);
        if (exact != null) {
            assertThat(HexFormat.of().formatHex(exact)).as("exact tier: " + where).isEqualTo(expected);
            taken[0]++;
        } else {
            boolean unwritable = format == WireFormat.JSON ? hasRichText : hasNonAsciiOrLongText;
            assertThat(hasNullElement || unwritable)
                    .as("exact tier must take an answer of plain strings: " + where).isTrue();
        }
        if (generator != null) {
            assertThat(HexFormat.of().formatHex(generator)).as("generator tier: " + where).isEqualTo(expected);
            taken[1]++;
        } else {
            assertThat(hasNullElement || hasLoneSurrogate)
                    .as("generator tier must take an answer without null elements: " + where).isTrue();
        }
    }

    private static String shorten(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }

    private Object putRecordsResponse() {
        List<PutRecordsResultEntry> entries = list(() -> {
            boolean failed = random.nextInt(8) == 0;
            return new PutRecordsResultEntry(failed ? maybe(this::sequenceNumber) : sequenceNumber(),
                    failed ? maybe(this::text) : "shardId-00000000000" + random.nextInt(10),
                    failed ? "ProvisionedThroughputExceededException" : maybe(this::text),
                    failed ? text() : maybe(this::text));
        });
        return new PutRecordsResponse(maybe(() -> random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(501)),
                entries, maybe(this::encryptionType));
    }

    private Object getRecordsResponse() {
        List<StreamRecord> records = list(() -> new StreamRecord(maybe(this::sequenceNumber), maybe(this::instant),
                maybe(this::data), maybe(this::text), maybe(this::encryptionType)));
        List<ChildShard> children = random.nextInt(3) == 0 ? list(() -> new ChildShard(maybe(this::text),
                random.nextInt(6) == 0 ? null : list(this::text),
                maybe(() -> new HashKeyRange(maybe(this::text), maybe(this::text))))) : null;
        return new GetRecordsResponse(records, maybe(this::text),
                maybe(() -> random.nextInt(4) == 0 ? random.nextLong() : (long) random.nextInt(100_000)), children);
    }

    /** A list that is null, empty, or of random length; rarely with a null element. */
    private <T> List<T> list(Supplier<T> items) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return null;
        }
        int size = kind == 1 ? 0 : random.nextInt(kind == 2 ? 600 : 12);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            if (random.nextInt(200) == 0) {
                hasNullElement = true;
                list.add(null);
            } else {
                list.add(items.get());
            }
        }
        return random.nextBoolean() ? list : List.copyOf(list.contains(null) ? List.of() : list);
    }

    private <T> T maybe(Supplier<T> value) {
        return random.nextInt(6) == 0 ? null : value.get();
    }

    private String text() {
        boolean plain = !richAnswer || random.nextBoolean();
        int length = switch (random.nextInt(6)) {
            case 0 -> random.nextInt(8);
            case 1 -> 20 + random.nextInt(8);
            case 2 -> 250 + random.nextInt(10);
            case 3 -> random.nextInt(20) == 0 ? 3990 + random.nextInt(12) : 60 + random.nextInt(200);
            default -> random.nextInt(300);
        };
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            if (plain) {
                sb.append((char) (0x20 + random.nextInt(0x5F)));
            } else {
                sb.append(TEXT_PIECES[random.nextInt(TEXT_PIECES.length)]);
            }
        }
        String text = sb.toString();
        if (richAnswer && random.nextInt(300) == 0) {
            hasLoneSurrogate = true;
            text = new StringBuilder(text).insert(random.nextInt(text.length() + 1),
                    random.nextBoolean() ? '\uD83D' : '\uDE00').toString();
        }
        hasNonAsciiOrLongText |= text.length() > 3996 || text.chars().anyMatch(c -> c > 0x7F);
        hasRichText |= text.chars().anyMatch(c -> c < 0x20 || c > 0x7E || c == '"' || c == '\\');
        return text;
    }

    private String sequenceNumber() {
        StringBuilder sb = new StringBuilder("4959");
        while (sb.length() < 56) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    private byte[] data() {
        int length = switch (random.nextInt(400)) {
            case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 -> 0;
            case 10 -> 65_530 + random.nextInt(12);
            case 11 -> 70_000;
            default -> random.nextInt(300);
        };
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private EncryptionType encryptionType() {
        return EncryptionType.values()[random.nextInt(EncryptionType.values().length)];
    }

    private Instant instant() {
        return switch (random.nextInt(8)) {
            case 0 -> Instant.ofEpochMilli(random.nextLong());
            case 1 -> Instant.ofEpochMilli(random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE);
            case 2 -> Instant.ofEpochMilli((random.nextInt(2001) - 1000) * (long) Math.pow(10, random.nextInt(4)));
            case 3 -> Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1000), random.nextInt(1_000_000_000));
            case 4 -> Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1000) * 10L);
            default -> Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(100_000_000));
        };
    }
}
