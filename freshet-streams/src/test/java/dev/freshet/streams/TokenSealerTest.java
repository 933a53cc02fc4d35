package dev.freshet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
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
}
