package dev.freshet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConsecutiveSequenceNumbersTest {

    @Test
    void consecutiveOffsetsGetTheNumbersTheDivisionWrites() {
        long seed = Long.getLong("freshet.seed", System.nanoTime());
        System.out.println("seed " + seed + " (rerun with -Dfreshet.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int run = 0; run < 200; run++) {
            long shard = random.nextInt(1 << 20);
            int tag = random.nextInt();
            // Starts both small and near carries through every digit of the position's range.
            long first = run % 2 == 0 ? random.nextInt(1000) : random.nextLong() & (Long.MAX_VALUE >>> 1);
            ConsecutiveSequenceNumbers numbers = new ConsecutiveSequenceNumbers(shard, tag);
            for (long offset = first; offset < first + 600; offset++) {
                assertThat(numbers.ofRecord(offset)).as("seed %d, shard %d, offset %d", seed, shard, offset)
                        .isEqualTo(SequenceNumbers.ofRecord(shard, offset, tag));
            }
        }
    }

    @Test
    void aGapOrAStepBackIsFormattedAfresh() {
        ConsecutiveSequenceNumbers numbers = new ConsecutiveSequenceNumbers(7, 42);
        for (long offset : new long[] {5, 6, 9, 3, 4, 4, 100, 0}) {
            assertThat(numbers.ofRecord(offset)).as("offset %d", offset)
                    .isEqualTo(SequenceNumbers.ofRecord(7, offset, 42));
        }
    }
}
