package dev.freshet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SequenceNumbersTest {

    @Test
    void everyNumberHas56DigitsAndDecodesToWhatWasEncoded() {
        long seed = Long.getLong("freshet.seed", System.nanoTime());
        System.out.println("seed " + seed + " (rerun with -Dfreshet.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            long shard = random.nextInt(1 << 30) & ((1L << 40) - 1);
            long offset = i % 3 == 0 ? random.nextLong() & Long.MAX_VALUE : random.nextInt(1000);
            int tag = random.nextInt();
            String number = SequenceNumbers.format(shard, offset, tag);
            assertThat(number).as("seed %d", seed).hasSize(56).containsOnlyDigits();
            assertThat(SequenceNumbers.parse(number)).as("seed %d", seed)
                    .isEqualTo(new SequenceNumbers.Decoded(shard, offset, tag));
        }
    }

    @Test
    void stringOrderEqualsNumericOrderEqualsShardThenOffsetOrder() {
        long seed = Long.getLong("freshet.seed", System.nanoTime());
        System.out.println("seed " + seed + " (rerun with -Dfreshet.seed=" + seed + ")");
        Random random = new Random(seed);
        int tag = random.nextInt();
        for (int i = 0; i < 10_000; i++) {
            long shardA = random.nextInt(50);
            long shardB = random.nextInt(50);
            long offsetA = random.nextInt(3) == 0 ? random.nextLong() & Long.MAX_VALUE : random.nextInt(100);
            long offsetB = random.nextInt(3) == 0 ? random.nextLong() & Long.MAX_VALUE : random.nextInt(100);
            String a = SequenceNumbers.format(shardA, offsetA, tag);
            String b = SequenceNumbers.format(shardB, offsetB, tag);
            int expected = shardA != shardB ? Long.compare(shardA, shardB) : Long.compare(offsetA, offsetB);
            assertThat(Integer.signum(a.compareTo(b))).as("seed %d: %s vs %s", seed, a, b).isEqualTo(expected);
            assertThat(Integer.signum(new BigInteger(a).compareTo(new BigInteger(b)))).as("seed %d", seed)
                    .isEqualTo(expected);
        }
    }

    @Test
    void theFastFormatWritesTheSameDigitsAsBigInteger() {
        long seed = Long.getLong("freshet.seed", System.nanoTime());
        System.out.println("seed " + seed + " (rerun with -Dfreshet.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            long shard = i == 0 ? (1L << 40) - 1 : random.nextInt(1 << 20);
            long offset = i == 0 ? -1 : random.nextLong();
            int tag = i == 0 ? -1 : random.nextInt();
            BigInteger expected = BigInteger.ONE.shiftLeft(185)
                    .or(BigInteger.valueOf(SequenceNumbers.VERSION).shiftLeft(181))
                    .or(BigInteger.valueOf(shard).shiftLeft(141))
                    .or(new BigInteger(Long.toUnsignedString(offset)).shiftLeft(77))
                    .or(BigInteger.valueOf(Integer.toUnsignedLong(tag)).shiftLeft(45));
            assertThat(SequenceNumbers.format(shard, offset, tag)).as("seed %d", seed)
                    .isEqualTo(expected.toString());
        }
    }

    @Test
    void shardIdsHaveTwelveDigits() {
        assertThat(ShardMetadata.shardId(0)).isEqualTo("shardId-000000000000");
        assertThat(ShardMetadata.shardId(1234)).isEqualTo("shardId-000000001234");
        assertThat(ShardMetadata.shardId(Integer.MAX_VALUE)).isEqualTo("shardId-002147483647");
    }

    @Test
    void aChildShardsFirstNumberIsGreaterThanItsParentsLast() {
        String parentLast = SequenceNumbers.format(0, Long.MAX_VALUE, 7);
        String childFirst = SequenceNumbers.format(1, 0, 7);
        assertThat(childFirst).isGreaterThan(parentLast);
    }

    @Test
    void numbersThisServerCouldNotHaveIssuedAreRejected() {
        String valid = SequenceNumbers.format(3, 42, 9);
        assertThat(SequenceNumbers.parse("0")).isNull();
        assertThat(SequenceNumbers.parse("1".repeat(56))).isNull();
        assertThat(SequenceNumbers.parse(valid.substring(0, 55) + (valid.charAt(55) == '9' ? '8' : '9'))).isNull();
        assertThat(SequenceNumbers.parse(valid + "0")).isNull();
        assertThat(SequenceNumbers.parse("x" + valid.substring(1))).isNull();
    }
}
