package dev.freshet.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The index file of a sealed segment, written once when the segment rolls, so that opening a log reads a
 * small header per sealed segment instead of scanning it, and a segment's entries can be loaded on demand.
 *
 * <pre>
 * offset  size  field          (all integers big-endian)
 *      0     4  magic          0x46494458, ASCII "FIDX"
 *      4     4  version        1
 *      8     8  baseOffset     the segment's base offset (equal to its file name)
 *     16     8  nextOffset     the offset after the segment's last record
 *     24     8  segmentBytes   the exact size of the segment file described
 *     32     8  maxTimestamp   arrival time of the segment's last batch
 *     40     4  entryCount
 *     44     4  entriesCrc     CRC32C of the entries
 *     48     4  headerCrc      CRC32C of bytes [0, 48)
 *     52        entryCount entries of 16 bytes: relativeOffset (4), position (4), arrivalMillis (8)
 * </pre>
 *
 * <p>Invariants: the file is exactly {@code 52 + 16 * entryCount} bytes; the first entry is
 * {@code (0, 0, t)}; relative offsets and positions strictly increase, arrival times never decrease and
 * are at most {@code maxTimestamp}; positions are below {@code segmentBytes} and relative offsets below
 * {@code nextOffset - baseOffset}. A file that breaks any of these, or does not match its segment, is
 * invalid and gets rebuilt by scanning the segment. Files are written to a {@code .tmp} sibling and renamed
 * into place, so a valid-looking index is never half-written.
 *
 * <p>Stateless and thread-safe.
 */
final class IndexFile {

    static final int MAGIC = 0x46494458;
    static final int VERSION = 1;
    static final int HEADER_SIZE = 52;

    private IndexFile() {}

    /** The summary of a sealed segment held by an index file's header. */
    record Header(long baseOffset, long nextOffset, long segmentBytes, long maxTimestamp, int entryCount,
            int entriesCrc) {

        long fileSize() {
            return HEADER_SIZE + (long) entryCount * IndexEntries.ENTRY_BYTES;
        }
    }

    /**
     * Reads and checks the header of {@code file} against the segment it should describe.
     *
     * @return the header, or null if the file is missing or invalid
     */
    static Header readHeader(Path file, long baseOffset, long segmentBytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_SIZE);
        long fileSize;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            fileSize = channel.size();
            if (!readFully(channel, buffer, 0)) {
                return null;
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        Header header = parseHeader(buffer);
        boolean matches = header != null
                && header.baseOffset() == baseOffset
                && header.segmentBytes() == segmentBytes
                && header.nextOffset() > baseOffset
                && header.entryCount() >= 1
                && header.fileSize() == fileSize;
        return matches ? header : null;
    }

    /**
     * Reads the entries of {@code file}, which must still have the header {@code expected}.
     *
     * @return the entries, or null if the file is missing, changed or invalid
     */
    static IndexEntries readEntries(Path file, Header expected) throws IOException {
        // read into the thread's scratch buffer: only the parsed arrays are kept
        int fileSize = Math.toIntExact(expected.fileSize());
        ByteBuffer buffer = ScratchBuffers.take(ScratchBuffers.Use.READ, fileSize);
        try {
            buffer.limit(fileSize);
            return readEntries(file, expected, buffer);
        } finally {
            ScratchBuffers.giveBack(ScratchBuffers.Use.READ, buffer);
        }
    }

    private static IndexEntries readEntries(Path file, Header expected, ByteBuffer buffer) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != expected.fileSize() || !readFully(channel, buffer, 0)) {
                return null;
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        int count = expected.entryCount();
        if (!expected.equals(parseHeader(buffer))
                || crc(buffer, HEADER_SIZE, count * IndexEntries.ENTRY_BYTES) != expected.entriesCrc()) {
            return null;
        }
        int[] relativeOffsets = new int[count];
        int[] positions = new int[count];
        long[] timestamps = new long[count];
        long span = expected.nextOffset() - expected.baseOffset();
        for (int i = 0; i < count; i++) {
            int at = HEADER_SIZE + i * IndexEntries.ENTRY_BYTES;
            relativeOffsets[i] = buffer.getInt(at);
            positions[i] = buffer.getInt(at + 4);
            timestamps[i] = buffer.getLong(at + 8);
            boolean ordered = i == 0
                    ? relativeOffsets[0] == 0 && positions[0] == 0
                    : relativeOffsets[i] > relativeOffsets[i - 1] && positions[i] > positions[i - 1]
                            && timestamps[i] >= timestamps[i - 1];
            if (!ordered || relativeOffsets[i] >= span || positions[i] >= expected.segmentBytes()
                    || timestamps[i] > expected.maxTimestamp()) {
                return null;
            }
        }
        return new IndexEntries(relativeOffsets, positions, timestamps, count);
    }

    /**
     * Writes the index of a sealed segment atomically (temp file, then rename).
     *
     * @param force whether to force the file to disk before renaming it into place
     * @return the header written
     */
    static Header write(Path file, long baseOffset, long nextOffset, long segmentBytes, long maxTimestamp,
            IndexEntries entries, boolean force) throws IOException {
        int count = entries.count();
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_SIZE + count * IndexEntries.ENTRY_BYTES);
        buffer.position(HEADER_SIZE);
        for (int i = 0; i < count; i++) {
            buffer.putInt(entries.relativeOffset(i)).putInt(entries.position(i)).putLong(entries.timestamp(i));
        }
        buffer.putInt(0, MAGIC).putInt(4, VERSION).putLong(8, baseOffset).putLong(16, nextOffset)
                .putLong(24, segmentBytes).putLong(32, maxTimestamp).putInt(40, count)
                .putInt(44, crc(buffer, HEADER_SIZE, count * IndexEntries.ENTRY_BYTES));
        buffer.putInt(48, crc(buffer, 0, 48));
        buffer.flip();
        Path temp = file.resolveSibling(file.getFileName() + SegmentFiles.TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long position = 0;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            if (force) {
                channel.force(false);
            }
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Header(baseOffset, nextOffset, segmentBytes, maxTimestamp, count, buffer.getInt(44));
    }

    private static Header parseHeader(ByteBuffer buffer) {
        if (buffer.getInt(0) != MAGIC || buffer.getInt(4) != VERSION || buffer.getInt(48) != crc(buffer, 0, 48)) {
            return null;
        }
        return new Header(buffer.getLong(8), buffer.getLong(16), buffer.getLong(24), buffer.getLong(32),
                buffer.getInt(40), buffer.getInt(44));
    }

    private static boolean readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int crc(ByteBuffer buffer, int at, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(at, length));
        return (int) crc.getValue();
    }
}
