package dev.freshet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenSealerTest {

    private final TokenSealer sealer = new TokenSealer(TokenSealer.newKey());

    @Test
    void aSealedPayloadOpensToItself() {
        String token = sealer.seal((byte) 1, new byte[] {1, 2, 3});
        assertThat(sealer.open((byte) 1, token)).containsExactly(1, 2, 3);
    }

    @Test
    void everyFlippedBitMakesTheTokenInvalid() {
        byte[] raw = Base64.getDecoder().decode(sealer.seal((byte) 1, new byte[] {9, 8, 7, 6}));
        for (int i = 0; i < raw.length * 8; i++) {
            byte[] forged = raw.clone();
            forged[i / 8] ^= (byte) (1 << (i % 8));
            assertThat(sealer.open((byte) 1, Base64.getEncoder().encodeToString(forged))).as("bit %d", i).isNull();
        }
    }

    @Test
    void aTokenOfOneKindDoesNotOpenAsAnother() {
        assertThat(sealer.open((byte) 2, sealer.seal((byte) 1, new byte[] {1}))).isNull();
    }

    @Test
    void aTokenFromAnotherKeyOrGarbageDoesNotOpen() {
        String foreign = new TokenSealer(TokenSealer.newKey()).seal((byte) 1, new byte[] {1});
        assertThat(sealer.open((byte) 1, foreign)).isNull();
        assertThat(sealer.open((byte) 1, "not base64 !")).isNull();
        assertThat(sealer.open((byte) 1, "AAAA")).isNull();
    }

    @Test
    void aThreadOpensAndSealsAgainAfterForgedTokensFailed() {
        String token = sealer.seal((byte) 1, new byte[] {4, 5});
        byte[] raw = Base64.getDecoder().decode(token);
        raw[raw.length - 1] ^= 1;
        assertThat(sealer.open((byte) 1, Base64.getEncoder().encodeToString(raw))).isNull();

        assertThat(sealer.open((byte) 1, token)).containsExactly(4, 5);
        assertThat(sealer.open((byte) 1, sealer.seal((byte) 1, new byte[] {6}))).containsExactly(6);
    }

    @Test
    void sealingTheSamePayloadTwiceGivesTwoTokensWithDifferentNonces() {
        byte[] first = Base64.getDecoder().decode(sealer.seal((byte) 1, new byte[] {1, 2, 3}));
        byte[] second = Base64.getDecoder().decode(sealer.seal((byte) 1, new byte[] {1, 2, 3}));

        assertThat(Arrays.copyOf(first, 12)).isNotEqualTo(Arrays.copyOf(second, 12));
    }

    @Test
    void tokensSealedOnManyThreadsAtOnceOpenOnAnyThread() throws Exception {
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> sealed = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                sealed.add(pool.submit(() -> {
                    List<String> tokens = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        tokens.add(sealer.seal((byte) 1, new byte[] {(byte) thread, (byte) i, (byte) (i >> 8)}));
                    }
                    return tokens;
                }));
            }
            Set<String> all = new HashSet<>();
            for (int t = 0; t < threads; t++) {
                List<String> tokens = sealed.get(t).get(60, TimeUnit.SECONDS);
                all.addAll(tokens);
                for (int i = 0; i < perThread; i++) {
                    assertThat(sealer.open((byte) 1, tokens.get(i))).containsExactly(t, (byte) i, (byte) (i >> 8));
                }
            }
            assertThat(all).hasSize(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }
}
