package dev.freshet.bench.micro;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routing a partition key to a shard: MD5 of its UTF-8 bytes, read as an unsigned 128-bit number, then
 * the shard whose hash-key range holds it, with ranges split as CreateStream splits them.
 *
 * <p>The stream engine's own {@code HashKeys} and {@code ShardRouter} are package-private in
 * freshet-streams, so this benchmarks the equivalent computation, written out here:
 * <ul>
 *   <li>{@code bigIntegerLinearScan}: the engine up to commit b454c3b (the first baseline):
 *       {@code MessageDigest.getInstance("MD5")} per key, {@code new BigInteger(1, digest)}, and a linear
 *       scan of the shards' ranges with {@code compareTo};
 *   <li>{@code bigIntegerBinarySearch}: the engine from commit c4214c3: the same hash, then a bisection
 *       over the open shards' starting keys and a range check;
 *   <li>{@code longsBinarySearch}: an alternative: a reused digest, the hash as two unsigned longs and a
 *       bisection over the starts as longs, with no BigInteger at all;
 *   <li>{@code md5Only}: the digest alone, the floor of all three.
 * </ul>
 *
 * <p>Each thread has its own digest and key cursor ({@link Scope#Thread}), so it runs with any thread count.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashKeyRoutingBenchmark {

    private static final int KEYS = 4096;
    private static final BigInteger SPACE = BigInteger.ONE.shiftLeft(128);

    @Param({"4", "1000"})
    public int shards;

    private String[] keys;
    private BigInteger[] starts;
    private BigInteger[] ends;
    private long[] startHigh;
    private long[] startLow;
    private MessageDigest md5;
    private int next;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "partition-key-" + i;
        }
        BigInteger size = SPACE.divide(BigInteger.valueOf(shards));
        starts = new BigInteger[shards];
        ends = new BigInteger[shards];
        startHigh = new long[shards];
        startLow = new long[shards];
        for (int i = 0; i < shards; i++) {
            starts[i] = size.multiply(BigInteger.valueOf(i));
            ends[i] = i == shards - 1 ? SPACE.subtract(BigInteger.ONE) : starts[i].add(size).subtract(BigInteger.ONE);
            startHigh[i] = starts[i].shiftRight(64).longValue();
            startLow[i] = starts[i].longValue();
        }
        md5 = MessageDigest.getInstance("MD5");
    }

    private String nextKey() {
        String key = keys[next];
        next = (next + 1) & (KEYS - 1);
        return key;
    }

    @Benchmark
    public byte[] md5Only() {
        return md5.digest(nextKey().getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public int bigIntegerLinearScan() throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("MD5");
        BigInteger key = new BigInteger(1, digest.digest(nextKey().getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < starts.length; i++) {
            if (starts[i].compareTo(key) <= 0 && key.compareTo(ends[i]) <= 0) {
                return i;
            }
        }
        throw new IllegalStateException("no range holds " + key);
    }

    @Benchmark
    public int bigIntegerBinarySearch() throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("MD5");
        BigInteger key = new BigInteger(1, digest.digest(nextKey().getBytes(StandardCharsets.UTF_8)));
        int low = 0;
        int high = starts.length - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (starts[middle].compareTo(key) <= 0) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        if (starts[low].compareTo(key) > 0 || key.compareTo(ends[low]) > 0) {
            throw new IllegalStateException("no range holds " + key);
        }
        return low;
    }

    @Benchmark
    public int longsBinarySearch() {
        ByteBuffer hash = ByteBuffer.wrap(md5.digest(nextKey().getBytes(StandardCharsets.UTF_8)));
        long high = hash.getLong();
        long low = hash.getLong();
        // The last range whose start is at or below the key.
        int lo = 0;
        int hi = startHigh.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            int c = Long.compareUnsigned(startHigh[mid], high);
            if (c == 0) {
                c = Long.compareUnsigned(startLow[mid], low);
            }
            if (c <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
