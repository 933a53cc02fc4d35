package dev.freshet.bench.micro;

import dev.freshet.api.EncryptionType;
import dev.freshet.api.GetRecordsResponse;
import dev.freshet.api.PutRecordsRequest;
import dev.freshet.api.PutRecordsResponse;
import dev.freshet.api.PutRecordsResultEntry;
import dev.freshet.api.StreamRecord;
import dev.freshet.protocol.Codec;
import dev.freshet.protocol.WireFormat;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The protocol's share of a record's cost, per record: decoding (parse, validate against the model, bind)
 * a PutRecords request of 500 × 100-byte records, encoding its 500-entry answer, and encoding a GetRecords
 * answer of 1,000 × 100-byte records, each in AWS JSON 1.1 and CBOR 1.1, through {@link Codec}, the one
 * entry point the server uses.
 *
 * <p>Times are per record ({@link OperationsPerInvocation}): multiply by 500 or 1,000 for a request. The
 * state is read-only after setup, so the benchmark is safe to run with several threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    private static final int PUT_BATCH = RequestBodies.PUT_BATCH;
    private static final int GET_BATCH = 1000;

    private byte[] putRecordsJson;
    private byte[] putRecordsCbor;
    private PutRecordsResponse putRecordsAnswer;
    private GetRecordsResponse getRecordsAnswer;

    @Setup
    public void setUp() throws IOException {
        Random random = new Random(42);
        List<RequestBodies.Entry> entries = new ArrayList<>();
        for (int i = 0; i < GET_BATCH; i++) {
            entries.add(RequestBodies.Entry.random(random));
        }
        putRecordsJson = RequestBodies.body(RequestBodies.factory(WireFormat.JSON),
                g -> RequestBodies.putRecords(g, entries));
        putRecordsCbor = RequestBodies.body(RequestBodies.factory(WireFormat.CBOR),
                g -> RequestBodies.putRecords(g, entries));
        List<PutRecordsResultEntry> results = new ArrayList<>();
        for (int i = 0; i < PUT_BATCH; i++) {
            results.add(new PutRecordsResultEntry(sequenceNumber(i), "shardId-00000000000" + (i % 4), null, null));
        }
        putRecordsAnswer = new PutRecordsResponse(0, results, EncryptionType.NONE);
        List<StreamRecord> records = new ArrayList<>();
        Instant arrival = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < GET_BATCH; i++) {
            RequestBodies.Entry entry = entries.get(i);
            records.add(new StreamRecord(sequenceNumber(i), arrival.plusMillis(i), entry.data(), entry.partitionKey(),
                    null));
        }
        getRecordsAnswer = new GetRecordsResponse(records, "AAAAAAAAAAH" + "x".repeat(200), 0L, null);
    }

    @Benchmark
    @OperationsPerInvocation(PUT_BATCH)
    public PutRecordsRequest decodePutRecordsJson() {
        return Codec.decodeRequest(WireFormat.JSON, "PutRecords", putRecordsJson, PutRecordsRequest.class);
    }

    @Benchmark
    @OperationsPerInvocation(PUT_BATCH)
    public PutRecordsRequest decodePutRecordsCbor() {
        return Codec.decodeRequest(WireFormat.CBOR, "PutRecords", putRecordsCbor, PutRecordsRequest.class);
    }

    @Benchmark
    @OperationsPerInvocation(PUT_BATCH)
    public byte[] encodePutRecordsAnswerJson() {
        return Codec.encodeResponse(WireFormat.JSON, putRecordsAnswer);
    }

    @Benchmark
    @OperationsPerInvocation(PUT_BATCH)
    public byte[] encodePutRecordsAnswerCbor() {
        return Codec.encodeResponse(WireFormat.CBOR, putRecordsAnswer);
    }

    @Benchmark
    @OperationsPerInvocation(GET_BATCH)
    public byte[] encodeGetRecordsAnswerJson() {
        return Codec.encodeResponse(WireFormat.JSON, getRecordsAnswer);
    }

    @Benchmark
    @OperationsPerInvocation(GET_BATCH)
    public byte[] encodeGetRecordsAnswerCbor() {
        return Codec.encodeResponse(WireFormat.CBOR, getRecordsAnswer);
    }

    /** A 56-digit sequence number of the shape AWS gives out. */
    private static String sequenceNumber(int i) {
        String digits = Long.toString(49_000_000_000_000L + i);
        return "4959" + "0".repeat(56 - 4 - digits.length()) + digits;
    }
}
