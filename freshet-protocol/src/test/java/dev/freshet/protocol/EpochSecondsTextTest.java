package dev.freshet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link InstantCodecs.EpochSecondsText} writes the same text as the JSON timestamp serializer's
 * {@code BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString()}: at the extremes of
 * {@code long}, around zero, on round numbers and on random millis, one formatter reused across the
 * sequence (as an answer reuses it), so that its kept whole-second text is exercised by runs in the
 * same second, sign changes around zero and jumps. Seeded: prints its seed; rerun with
 * {@code -Dfreshet.seed=N}.
 */
class EpochSecondsTextTest {

    private final InstantCodecs.EpochSecondsText formatter = new InstantCodecs.EpochSecondsText();

    @Test
    void the_text_matches_the_big_decimal_form() {
        long[] edges = {0, 1, -1, 9, -9, 10, -10, 100, 999, -999, 1000, -1000, 1001, -1001, 1010, 1100, 10_000,
            -500, 500, -500, 0, -1, 1, 1_700_000_000_000L, 1_700_000_000_120L, 1_700_000_000_123L, Long.MAX_VALUE,
            Long.MIN_VALUE, Long.MAX_VALUE - 7, Long.MIN_VALUE + 1000};
        for (long millis : edges) {
            assertThat(text(millis)).as("%d", millis).isEqualTo(expected(millis));
        }
        long seed = Long.getLong("freshet.seed", System.nanoTime());
        System.out.println("seed " + seed + " (rerun with -Dfreshet.seed=" + seed + ")");
        Random random = new Random(seed);
        long millis = 0;
        for (int i = 0; i < 200_000; i++) {
            millis = switch (random.nextInt(5)) {
                case 0 -> random.nextLong() >> random.nextInt(64);
                case 1 -> millis / 1000 * 1000 + random.nextInt(10) * 100;
                case 2 -> random.nextInt(4001) - 2000;
                default -> millis + random.nextInt(3);
            };
            assertThat(text(millis)).as("seed %d, %d", seed, millis).isEqualTo(expected(millis));
        }
    }

    private static String expected(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    private String text(long millis) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = WireFormat.JSON.mapper().getFactory().createGenerator(out)) {
            formatter.write(g, millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
