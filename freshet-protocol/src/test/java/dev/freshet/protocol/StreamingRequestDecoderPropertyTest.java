package dev.freshet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.GetRecordsRequest;
import dev.freshet.api.GetShardIteratorRequest;
import dev.freshet.api.PutRecordRequest;
import dev.freshet.api.PutRecordsRequest;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming decoder gives the generic path's answer for any body: random valid requests of the
 * four hot operations in both formats, and the same requests with one to three members made invalid
 * or unusual, and with their bytes damaged. For each body, {@link Codec#decodeRequest} must return a
 * record equal to the generic path's (byte arrays by content) or throw an exception of the same type
 * with the same message; the fast path alone must decline (null) whenever the generic path throws;
 * and it must really take every unmutated valid body, so the comparison is not vacuous.
 *
 * <p>Seeded: prints its seed; rerun a failure with {@code -Dfreshet.seed=N}.
 */
class StreamingRequestDecoderPropertyTest {

    private static final int BODIES_PER_OPERATION_AND_FORMAT = 1500;
    private static final Map<String, Class<?>> TYPES = Map.of(
            "PutRecords", PutRecordsRequest.class,
            "PutRecord", PutRecordRequest.class,
            "GetRecords", GetRecordsRequest.class,
            "GetShardIterator", GetShardIteratorRequest.class);

    @Test
    void the_fast_path_answers_exactly_as_the_generic_path_for_random_valid_and_invalid_bodies() {
        long seed = Long.getLong("freshet.seed", System.nanoTime());
        System.out.println("seed " + seed + " (rerun with -Dfreshet.seed=" + seed + ")");
        Random random = new Random(seed);
        RandomRequests requests = new RandomRequests(random);
        int fast = 0;
        int declined = 0;
        int errors = 0;
        for (String operation : RandomRequests.OPERATIONS) {
            for (WireFormat format : WireFormat.values()) {
                for (int i = 0; i < BODIES_PER_OPERATION_AND_FORMAT; i++) {
                    RandomRequests.Obj doc = requests.valid(operation, format);
                    int kind = random.nextInt(10);
                    if (kind >= 3) {
                        for (int m = 1 + random.nextInt(3); m > 0; m--) {
                            requests.mutate(doc, format);
                        }
                    }
                    byte[] body = requests.write(doc, format);
                    if (kind == 9) {
                        body = requests.damage(body);
                    }
                    Outcome outcome = check(format, operation, body, kind < 3, seed);
                    fast += outcome == Outcome.FAST ? 1 : 0;
                    declined += outcome == Outcome.DECLINED ? 1 : 0;
                    errors += outcome == Outcome.ERROR ? 1 : 0;
                }
            }
        }
        System.out.println("fast " + fast + ", declined and valid " + declined + ", errors " + errors);
        // Mutations must reach both sides of the fence, or the test proves little.
        assertThat(errors).as("invalid bodies generated").isGreaterThan(BODIES_PER_OPERATION_AND_FORMAT);
        assertThat(fast).as("bodies the fast path took").isGreaterThan(BODIES_PER_OPERATION_AND_FORMAT);
    }

    private enum Outcome { FAST, DECLINED, ERROR }

    private static Outcome check(WireFormat format, String operation, byte[] body, boolean unmutated, long seed) {
        Class<?> type = TYPES.get(operation);
        Operation op = ServiceModel.kinesis().operation(operation);
        Object generic = null;
        Throwable genericError = null;
        try {
            generic = Codec.decodeGeneric(format, op, body, type);
        } catch (RuntimeException e) {
            genericError = e;
        }
        Object fast = StreamingRequestDecoder.tryDecode(format, operation, body, type);
        Object viaCodec = null;
        Throwable codecError = null;
        try {
            viaCodec = Codec.decodeRequest(format, operation, body, type);
        } catch (RuntimeException e) {
            codecError = e;
        }
        String where = "seed " + seed + ", " + operation + " in " + format + ", body " + Bodies.show(format, body);
        if (genericError != null) {
            assertThat(fast).as("fast path must decline what the generic path rejects: " + where).isNull();
            assertThat(codecError).as(where).isNotNull();
            assertThat(codecError.getClass()).as(where).isEqualTo(genericError.getClass());
            assertThat(codecError.getMessage()).as(where).isEqualTo(genericError.getMessage());
            return Outcome.ERROR;
        }
        assertThat(codecError).as(where).isNull();
        assertThat(DeepEquals.of(viaCodec, generic)).as("Codec vs generic: " + where).isTrue();
        if (unmutated) {
            assertThat(fast).as("fast path must take a plain valid body: " + where).isNotNull();
        }
        if (fast != null) {
            assertThat(DeepEquals.of(fast, generic)).as("fast vs generic: " + where).isTrue();
            return Outcome.FAST;
        }
        return Outcome.DECLINED;
    }
}
