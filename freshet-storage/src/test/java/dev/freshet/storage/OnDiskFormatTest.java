package dev.freshet.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes on disk are exactly as documented in {@link RecordBatch} and {@link IndexFile}. */
class OnDiskFormatTest {

    @TempDir
    Path root;

    @Test
    void aBatchIsWrittenInTheDocumentedBigEndianLayout() throws Exception {
        try (LogStorage storage = LogStorage.onDisk(root, LogConfig.defaults().withFsyncPolicy(FsyncPolicy.NEVER))) {
            ShardLog log = storage.open("s/shard-0");
            log.append(TestRecords.batch("x"), 7);
            log.append(List.of(new NewRecord("ké", new byte[] {1, 2, 3}), new NewRecord("", new byte[0])),
                    0x0102030405L);
        }
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(root.resolve("s/shard-0/00000000000000000000.log")));
        int second = 33 + 6 + 1 + 1;
        int length = 33 + (6 + 3 + 3) + 6;
        assertThat(file.limit()).isEqualTo(second + length);

        file.position(second);
        assertThat(file.getInt()).as("magic").isEqualTo(0x46525348);
        assertThat(file.get()).as("version").isEqualTo((byte) 1);
        assertThat(file.getInt()).as("length").isEqualTo(length);
        int crc = file.getInt();
        CRC32C expected = new CRC32C();
        expected.update(file.array(), second + 13, length - 13);
        assertThat(crc).as("crc").isEqualTo((int) expected.getValue());
        assertThat(file.getLong()).as("base offset").isEqualTo(1);
        assertThat(file.getInt()).as("record count").isEqualTo(2);
        assertThat(file.getLong()).as("arrival").isEqualTo(0x0102030405L);
        assertThat(file.getShort()).as("key length").isEqualTo((short) 3);
        byte[] key = new byte[3];
        file.get(key);
        assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("ké");
        assertThat(file.getInt()).as("data length").isEqualTo(3);
        assertThat(new byte[] {file.get(), file.get(), file.get()}).containsExactly(1, 2, 3);
        assertThat(file.getShort()).isZero();
        assertThat(file.getInt()).isZero();
        assertThat(file.hasRemaining()).isFalse();
    }

    @Test
    void aSealedSegmentsIndexFileHasTheDocumentedLayout() throws Exception {
        LogConfig config = LogConfig.defaults().withFsyncPolicy(FsyncPolicy.NEVER).withSegmentBytes(100)
                .withIndexIntervalBytes(0);
        try (LogStorage storage = LogStorage.onDisk(root, config)) {
            ShardLog log = storage.open("s/shard-0");
            log.append(TestRecords.sized(10), 100);
            log.append(TestRecords.sized(10), 200);
            log.append(TestRecords.sized(10), 300);
        }
        ByteBuffer index = ByteBuffer.wrap(Files.readAllBytes(root.resolve("s/shard-0/00000000000000000000.index")));
        assertThat(index.limit()).isEqualTo(52 + 2 * 16);
        assertThat(index.getInt(0)).as("magic").isEqualTo(0x46494458);
        assertThat(index.getInt(4)).as("version").isEqualTo(1);
        assertThat(index.getLong(8)).as("base offset").isZero();
        assertThat(index.getLong(16)).as("next offset").isEqualTo(2);
        assertThat(index.getLong(24)).as("segment bytes").isEqualTo(100);
        assertThat(index.getLong(32)).as("max timestamp").isEqualTo(200);
        assertThat(index.getInt(40)).as("entry count").isEqualTo(2);
        assertThat(index.getInt(44)).as("entries crc").isEqualTo(crc(index, 52, 32));
        assertThat(index.getInt(48)).as("header crc").isEqualTo(crc(index, 0, 48));
        assertThat(new long[] {index.getInt(52), index.getInt(56), index.getLong(60)}).containsExactly(0, 0, 100);
        assertThat(new long[] {index.getInt(68), index.getInt(72), index.getLong(76)}).containsExactly(1, 50, 200);
    }

    private static int crc(ByteBuffer buffer, int at, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), at, length);
        return (int) crc.getValue();
    }
}
