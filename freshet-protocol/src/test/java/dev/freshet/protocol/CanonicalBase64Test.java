package dev.freshet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.errors.SerializationException;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Base64Blobs#decodeCanonical}, the streaming decoder's base64, accepts exactly what
 * {@link Base64Blobs#decode} accepts and decodes it to the same bytes: on random valid encodings, on
 * the same with one character replaced, cut or padded wrongly, and on short random strings over the
 * alphabet, '=' and a few strangers. Seeded: prints its seed; rerun with {@code -Dfreshet.seed=N}.
 */
class CanonicalBase64Test {

    private static final String CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/===-_ \né$";

    @Test
    void the_canonical_decoder_agrees_with_the_checked_decoder() {
        long seed = Long.getLong("freshet.seed", System.nanoTime());
        System.out.println("seed " + seed + " (rerun with -Dfreshet.seed=" + seed + ")");
        Random random = new Random(seed);
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            String text;
            if (random.nextBoolean()) {
                byte[] bytes = new byte[random.nextInt(40)];
                random.nextBytes(bytes);
                StringBuilder sb = new StringBuilder(Base64.getEncoder().encodeToString(bytes));
                if (random.nextBoolean() && sb.length() > 0) {
                    sb.setCharAt(random.nextInt(sb.length()), CHARS.charAt(random.nextInt(CHARS.length())));
                }
                text = sb.toString();
            } else {
                StringBuilder sb = new StringBuilder();
                for (int n = 4 * random.nextInt(4) + (random.nextInt(5) == 0 ? random.nextInt(4) : 0); n > 0; n--) {
                    sb.append(CHARS.charAt(random.nextInt(CHARS.length())));
                }
                text = sb.toString();
            }
            accepted += agree(text, seed) ? 1 : 0;
        }
        assertThat(accepted).isGreaterThan(10_000);
    }

    @Test
    void decodes_from_the_middle_of_a_buffer() {
        char[] buffer = "xxQUJDxx".toCharArray();

        assertThat(Base64Blobs.decodeCanonical(buffer, 2, 4)).containsExactly('A', 'B', 'C');
        assertThat(Base64Blobs.decodeCanonical(buffer, 2, 0)).isEmpty();
    }

    private static boolean agree(String text, long seed) {
        byte[] expected;
        try {
            expected = Base64Blobs.decode(text);
        } catch (SerializationException e) {
            expected = null;
        }
        // Decode from an offset inside a larger buffer, as the parser's character buffer is.
        char[] buffer = ("??" + text + "??").toCharArray();
        byte[] actual = Base64Blobs.decodeCanonical(buffer, 2, text.length());
        assertThat(actual).as("seed " + seed + ", '" + text + "'").isEqualTo(expected);
        return expected != null;
    }
}
