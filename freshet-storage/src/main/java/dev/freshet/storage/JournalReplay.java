package dev.freshet.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * What the journal files of an earlier run hold (see {@link Journal} for their format): for each log, the
 * batches it appended, in order, without those that a later deletion entry dropped. A file's entries are read
 * up to the first one cut short or failing a CRC (a torn write, at the end of the last file after a crash); the
 * batches are checked against their CRC while scanning and read again, one at a time, to be replayed.
 *
 * <p>Not thread-safe: one recovery uses it, then closes it.
 */
final class JournalReplay implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JournalReplay.class.getName());
    /** More zeros than a block of the largest size journals write in whole blocks are a torn write's. */
    private static final int MAX_PADDING_BYTES = 64 << 10;

    /** Where one batch lies. */
    record Entry(int file, long position, int length) {}

    private final List<FileChannel> channels = new ArrayList<>();
    private final Map<String, List<Entry>> logs = new LinkedHashMap<>();

    private JournalReplay() {}

    /** Scans {@code files}, oldest first. */
    static JournalReplay scan(List<Path> files) throws IOException {
        JournalReplay replay = new JournalReplay();
        try {
            for (Path file : files) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                replay.channels.add(channel);
                replay.scanFile(replay.channels.size() - 1, file, channel);
            }
        } catch (IOException | RuntimeException e) {
            replay.close();
            throw e;
        }
        return replay;
    }

    /** Each log's batches, in the order to replay them; logs in the order they first appear. */
    Map<String, List<Entry>> logs() {
        return logs;
    }

    /** Reads the batch of an entry. */
    ByteBuffer read(Entry entry) throws IOException {
        ByteBuffer batch = ByteBuffer.allocate(entry.length());
        readFully(channels.get(entry.file()), batch, entry.position());
        return batch.flip();
    }

    @Override
    public void close() {
        for (FileChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing a journal file after recovery failed", e);
            }
        }
        channels.clear();
    }

    private void scanFile(int number, Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        long position = 0;
        ByteBuffer header = ByteBuffer.allocate(Journal.HEADER_SIZE);
        while (position + Journal.HEADER_SIZE <= size) {
            header.clear();
            readFully(channel, header, position);
            int length = header.getInt(0);
            byte kind = header.get(8);
            int nameLength = Short.toUnsignedInt(header.getShort(9));
            int batchLength = length - Journal.HEADER_SIZE - nameLength;
            boolean batch = kind == Journal.KIND_BATCH;
            if (kind < Journal.KIND_BATCH || kind > Journal.KIND_GROUP_DELETED || nameLength == 0
                    || batchLength < 0 || (batch ? batchLength < RecordBatch.HEADER_SIZE : batchLength != 0)
                    || position + length > size) {
                break;
            }
            ByteBuffer rest = ByteBuffer.allocate(length - Journal.HEADER_SIZE);
            readFully(channel, rest, position + Journal.HEADER_SIZE);
            CRC32C crc = new CRC32C();
            crc.update(header.array(), 8, 3);
            crc.update(rest.array(), 0, nameLength);
            if ((int) crc.getValue() != header.getInt(4)) {
                break;
            }
            String name = new String(rest.array(), 0, nameLength, StandardCharsets.US_ASCII);
            if (batch) {
                if (!intactBatch(rest, nameLength, batchLength)) {
                    break;
                }
                logs.computeIfAbsent(name, n -> new ArrayList<>())
                        .add(new Entry(number, position + Journal.HEADER_SIZE + nameLength, batchLength));
            } else if (kind == Journal.KIND_LOG_DELETED) {
                logs.remove(name);
            } else {
                logs.keySet().removeIf(log -> LogNames.groupOf(log).equals(name));
            }
            position += length;
        }
        if (position < size && !zeros(channel, position, size)) {
            LOG.log(System.Logger.Level.WARNING, "journal file " + file + " ends in " + (size - position)
                    + " bytes of a torn or damaged entry at position " + position + "; they are ignored");
        }
    }

    /**
     * Whether the file holds only zeros from {@code position} to {@code size}, at most
     * {@value #MAX_PADDING_BYTES} of them: the padding of a journal written in whole blocks, not a torn entry.
     */
    private static boolean zeros(FileChannel channel, long position, long size) throws IOException {
        if (size - position > MAX_PADDING_BYTES) {
            return false;
        }
        ByteBuffer rest = ByteBuffer.allocate((int) (size - position));
        readFully(channel, rest, position);
        for (byte b : rest.array()) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean intactBatch(ByteBuffer rest, int at, int batchLength) {
        try {
            RecordBatch.Header batch = RecordBatch.readHeader(rest, at, batchLength);
            if (batch.length() != batchLength) {
                return false;
            }
            RecordBatch.checkCrc(rest, at, batch);
            return true;
        } catch (CorruptBatchException e) {
            return false;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("journal file ends before position " + (position + buffer.limit()));
            }
        }
    }
}
