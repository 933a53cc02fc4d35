package dev.freshet.bench;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tracks, by the id in each payload, which records a server acknowledged and which were read back, to
 * prove each acknowledged record is read exactly once. One bit set per producer thread (ids are
 * {@code producer << 40 | sequence}), so a million records cost a few hundred kilobytes.
 *
 * <p>Thread-safe: every method is synchronized. Producers acknowledge a whole batch per call and readers
 * observe a whole page, so the lock is taken once per request, not per record.
 */
final class DeliveryLedger {

    private final Payload layout;
    private final Map<Integer, BitSet> acknowledged = new HashMap<>();
    private final Map<Integer, BitSet> seen = new HashMap<>();
    private long acknowledgedCount;
    private long readCount;
    private long seenAcknowledged;
    private long duplicated;
    private long corrupt;

    /** @param recordBytes the size every record of the phase was written with */
    DeliveryLedger(int recordBytes) {
        this.layout = new Payload(recordBytes);
    }

    synchronized void acknowledge(long id) {
        BitSet bits = acknowledged.computeIfAbsent(Payload.producerOf(id), p -> new BitSet());
        int index = index(id);
        if (!bits.get(index)) {
            bits.set(index);
            acknowledgedCount++;
            // A fast reader can get a record before its writer has handled the acknowledgement.
            BitSet read = seen.get(Payload.producerOf(id));
            if (read != null && read.get(index)) {
                seenAcknowledged++;
            }
        }
    }

    /** Acknowledges the records of a PutRecords call that the outcome says were accepted. */
    synchronized void acknowledge(List<OutgoingRecord> batch, PutOutcome outcome) {
        for (int i = 0; i < batch.size(); i++) {
            if (outcome.acknowledged(i)) {
                acknowledge(Payload.idOf(batch.get(i).data()));
            }
        }
    }

    /** Records one page of records read back. */
    synchronized void observe(List<byte[]> page) {
        for (byte[] data : page) {
            observe(data);
        }
    }

    synchronized void observe(byte[] data) {
        readCount++;
        if (!layout.matches(data)) {
            corrupt++;
            return;
        }
        long id = Payload.idOf(data);
        BitSet bits = seen.computeIfAbsent(Payload.producerOf(id), p -> new BitSet());
        int index = index(id);
        if (bits.get(index)) {
            duplicated++;
            return;
        }
        bits.set(index);
        BitSet acked = acknowledged.get(Payload.producerOf(id));
        if (acked != null && acked.get(index)) {
            seenAcknowledged++;
        }
    }

    synchronized long acknowledgedCount() {
        return acknowledgedCount;
    }

    /** How many distinct acknowledged records have been read back so far. */
    synchronized long seenAcknowledgedCount() {
        return seenAcknowledged;
    }

    /**
     * The verdict so far. Records read but never acknowledged count as unexpected only here, at the end:
     * during a run their acknowledgement may still be on its way.
     */
    synchronized Verification verify() {
        long missing = 0;
        long unexpected = 0;
        List<Long> sample = new ArrayList<>();
        for (Map.Entry<Integer, BitSet> entry : seen.entrySet()) {
            BitSet extra = (BitSet) entry.getValue().clone();
            BitSet acked = acknowledged.get(entry.getKey());
            if (acked != null) {
                extra.andNot(acked);
            }
            unexpected += extra.cardinality();
        }
        for (Map.Entry<Integer, BitSet> entry : acknowledged.entrySet()) {
            BitSet gone = (BitSet) entry.getValue().clone();
            BitSet read = seen.get(entry.getKey());
            if (read != null) {
                gone.andNot(read);
            }
            missing += gone.cardinality();
            for (int i = gone.nextSetBit(0); i >= 0 && sample.size() < 10; i = gone.nextSetBit(i + 1)) {
                sample.add(Payload.id(entry.getKey(), i));
            }
        }
        return new Verification(acknowledgedCount, readCount, missing, duplicated, unexpected, corrupt, sample);
    }

    private static int index(long id) {
        long sequence = Payload.sequenceOf(id);
        if (sequence > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sequence beyond what a bit set indexes: " + sequence);
        }
        return (int) sequence;
    }
}
