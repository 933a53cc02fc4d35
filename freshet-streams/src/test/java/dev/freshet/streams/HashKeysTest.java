package dev.freshet.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HashKeysTest {

    @Test
    void splitRangesCoverTheWholeKeySpaceExactlyOnce() {
        long seed = Long.getLong("freshet.seed", System.nanoTime());
        System.out.println("seed " + seed + " (rerun with -Dfreshet.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int trial = 0; trial < 200; trial++) {
            int count = trial < 20 ? trial + 1 : 1 + random.nextInt(10_000);
            List<HashKeys.Range> ranges = HashKeys.split(count);
            assertThat(ranges).as("seed %d count %d", seed, count).hasSize(count);
            assertThat(ranges.get(0).start()).isEqualTo(BigInteger.ZERO);
            assertThat(ranges.get(count - 1).end()).isEqualTo(HashKeys.MAX);
            for (int i = 0; i < count; i++) {
                assertThat(ranges.get(i).start()).as("seed %d", seed).isLessThanOrEqualTo(ranges.get(i).end());
                if (i > 0) {
                    assertThat(ranges.get(i).start()).as("seed %d count %d", seed, count)
                            .isEqualTo(ranges.get(i - 1).end().add(BigInteger.ONE));
                }
            }
            BigInteger key = new BigInteger(128, random);
            assertThat(ranges.stream()
                    .filter(range -> range.start().compareTo(key) <= 0 && key.compareTo(range.end()) <= 0)
                    .count()).isEqualTo(1);
        }
    }

    @Test
    void fourShardsSplitAtQuartersAsOnAws() {
        List<HashKeys.Range> ranges = HashKeys.split(4);
        assertThat(ranges.get(1).start()).hasToString("85070591730234615865843651857942052864");
        assertThat(ranges.get(0).end()).hasToString("85070591730234615865843651857942052863");
        assertThat(ranges.get(3).end()).hasToString("340282366920938463463374607431768211455");
    }

    @Test
    void threeShardsSplitAsOnAws() {
        List<HashKeys.Range> ranges = HashKeys.split(3);
        assertThat(ranges.get(1).start()).hasToString("113427455640312821154458202477256070485");
        assertThat(ranges.get(2).start()).hasToString("226854911280625642308916404954512140970");
    }

    @Test
    void partitionKeysHashByMd5OfTheirUtf8Bytes() {
        // md5("a") = 0cc175b9c0f1b6a831c399e269772661
        assertThat(HashKeys.of("a")).isEqualTo(new BigInteger("0cc175b9c0f1b6a831c399e269772661", 16));
    }

    @Test
    void oneHasherGivesEveryKeyInTurnItsOwnMd5() throws Exception {
        long seed = Long.getLong("freshet.seed", System.nanoTime());
        System.out.println("seed " + seed + " (rerun with -Dfreshet.seed=" + seed + ")");
        Random random = new Random(seed);
        HashKeys.Hasher hasher = HashKeys.hasher();
        for (int k = 0; k < 2_000; k++) {
            // Up to 256 characters, some beyond ASCII and beyond the BMP, so keys span several MD5 blocks.
            StringBuilder key = new StringBuilder();
            int length = 1 + random.nextInt(256);
            while (key.length() < length) {
                int kind = random.nextInt(10);
                key.appendCodePoint(kind < 7 ? 0x20 + random.nextInt(0x5F) : kind < 9 ? 0xA0 + random.nextInt(0x2000)
                        : 0x1F600 + random.nextInt(0x50));
            }
            byte[] utf8 = key.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            BigInteger expected = new BigInteger(1, java.security.MessageDigest.getInstance("MD5").digest(utf8));

            assertThat(hasher.keyOf(utf8).toBigInteger()).as("seed %d key %d", seed, k).isEqualTo(expected);
            assertThat(HashKeys.of(key.toString())).as("seed %d key %d", seed, k).isEqualTo(expected);
        }
    }

    @Test
    void twoLongKeysOrderAndRouteAsTheirNumbersDo() {
        long seed = Long.getLong("freshet.seed", System.nanoTime());
        System.out.println("seed " + seed + " (rerun with -Dfreshet.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int trial = 0; trial < 50; trial++) {
            int count = 1 + random.nextInt(300);
            List<HashKeys.Range> ranges = HashKeys.split(count);
            List<ShardMetadata> shards = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                shards.add(new ShardMetadata(i, null, null, ranges.get(i).start(), ranges.get(i).end(), 0, null, null));
            }
            java.util.Collections.shuffle(shards, random);
            ShardRouter router = ShardRouter.of(StreamMetadata.created("aaaaaaaaaaaaaaaaaaaa-aaa", "123456789012",
                    "us-east-1", "s", 0, 24, dev.freshet.api.StreamMode.PROVISIONED, shards,
                    StreamSettings.defaults()));
            for (int k = 0; k < 200; k++) {
                BigInteger a = k == 0 ? HashKeys.MAX : k == 1 ? BigInteger.ZERO : new BigInteger(128, random);
                BigInteger b = new BigInteger(128, random);
                assertThat(HashKey.of(a).toBigInteger()).as("seed %d", seed).isEqualTo(a);
                assertThat(Integer.signum(HashKey.of(a).compareTo(HashKey.of(b))))
                        .as("seed %d", seed).isEqualTo(Integer.signum(a.compareTo(b)));
                ShardMetadata routed = router.route(HashKey.of(a));
                assertThat(a).as("seed %d", seed).isBetween(routed.startingHashKey(), routed.endingHashKey());
                assertThat(routed.covers(a)).as("seed %d key %s", seed, a).isTrue();
                assertThat(router.shard(routed.index())).isSameAs(routed);
                assertThat(router.shardId(router.position(HashKey.of(a)))).isEqualTo(routed.shardId());
            }
        }
    }
}
