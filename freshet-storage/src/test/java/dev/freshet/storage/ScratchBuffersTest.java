package dev.freshet.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-thread reusable buffers: never shared by two uses at once, bounded, and the encoding through them. */
class ScratchBuffersTest {

    @Test
    void aBufferIsReusedOnlyOnceGivenBackAndNeverHandedToTwoUsersAtOnce() {
        ByteBuffer first = ScratchBuffers.take(ScratchBuffers.Use.READ, 5000);
        ByteBuffer second = ScratchBuffers.take(ScratchBuffers.Use.READ, 5000);
        assertThat(second).isNotSameAs(first);
        assertThat(first.capacity()).isGreaterThanOrEqualTo(5000);
        assertThat(first.isDirect()).isTrue();
        ScratchBuffers.giveBack(ScratchBuffers.Use.READ, first);
        ScratchBuffers.giveBack(ScratchBuffers.Use.READ, second);
        ByteBuffer again = ScratchBuffers.take(ScratchBuffers.Use.READ, 100);
        assertThat(again).isIn(first, second);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isEqualTo(again.capacity());
        ScratchBuffers.giveBack(ScratchBuffers.Use.READ, again);
    }

    @Test
    void readsAndWritesHaveSeparateBuffersAndHugeOnesAreHeapAndNotKept() {
        ByteBuffer read = ScratchBuffers.take(ScratchBuffers.Use.READ, 100);
        ScratchBuffers.giveBack(ScratchBuffers.Use.READ, read);
        assertThat(ScratchBuffers.take(ScratchBuffers.Use.WRITE, 100)).isNotSameAs(read);

        ByteBuffer huge = ScratchBuffers.take(ScratchBuffers.Use.WRITE, ScratchBuffers.MAX_CACHED_BYTES + 1);
        assertThat(huge.isDirect()).isFalse();
        ScratchBuffers.giveBack(ScratchBuffers.Use.WRITE, huge);
        assertThat(ScratchBuffers.take(ScratchBuffers.Use.WRITE, 100)).isNotSameAs(huge);
    }

    @Test
    void encodingWritesKeysAsUtf8ExactlyLikeStringGetBytes() {
        List<String> keys = List.of("ascii-key", "", "é", "鍵🔑", "a\uD800b", "mixed-ж-1");
        List<NewRecord> records = keys.stream().map(k -> new NewRecord(k, new byte[] {7})).toList();
        ByteBuffer batch = RecordBatch.encode(records);
        try {
            assertThat(batch.limit()).isEqualTo((int) RecordBatch.sizeOf(records));
            int at = RecordBatch.HEADER_SIZE;
            for (String key : keys) {
                byte[] expected = key.getBytes(StandardCharsets.UTF_8);
                assertThat(Short.toUnsignedInt(batch.getShort(at))).isEqualTo(expected.length);
                byte[] actual = new byte[expected.length];
                batch.get(at + 2, actual);
                assertThat(actual).isEqualTo(expected);
                at += 2 + expected.length + 4 + 1;
            }
            assertThat(at).isEqualTo(batch.limit());
        } finally {
            ScratchBuffers.giveBack(ScratchBuffers.Use.WRITE, batch);
        }
    }
}
