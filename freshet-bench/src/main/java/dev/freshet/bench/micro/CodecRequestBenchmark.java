package dev.freshet.bench.micro;

import com.fasterxml.jackson.core.JsonFactory;
import dev.freshet.api.GetRecordsRequest;
import dev.freshet.api.GetShardIteratorRequest;
import dev.freshet.api.PutRecordRequest;
import dev.freshet.api.PutRecordsRequest;
import dev.freshet.protocol.Codec;
import dev.freshet.protocol.WireFormat;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Request decoding through {@link Codec} for the calls {@link CodecBenchmark} leaves out, per call: the
 * single-record PutRecord, and the GetRecords and GetShardIterator calls of a consumer (each as a client
 * writes it, in either format), plus the worst case of the fast path: a PutRecords of 500 × 100 bytes that
 * is valid but carries an unknown member after its records, which the fast path reads to the end, declines,
 * and leaves to the generic path ({@code decodePutRecordsDeclined}, per record; compare with
 * {@code CodecBenchmark.decodePutRecords*}).
 *
 * <p>The state is read-only after setup, so the benchmark is safe to run with several threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecRequestBenchmark {

    @Param({"JSON", "CBOR"})
    public WireFormat format;

    private byte[] putRecord;
    private byte[] getRecords;
    private byte[] getShardIterator;
    private byte[] putRecordsDeclined;

    @Setup
    public void setUp() throws IOException {
        JsonFactory factory = RequestBodies.factory(format);
        Random random = new Random(42);
        RequestBodies.Entry single = RequestBodies.Entry.random(random);
        putRecord = RequestBodies.body(factory, g -> {
            g.writeStringField("StreamName", "bench");
            single.write(g);
        });
        getRecords = RequestBodies.body(factory, g -> {
            g.writeStringField("ShardIterator", "AAAAAAAAAAH" + "x".repeat(200));
            g.writeNumberField("Limit", 10_000);
        });
        getShardIterator = RequestBodies.body(factory, g -> {
            g.writeStringField("StreamName", "bench");
            g.writeStringField("ShardId", "shardId-000000000001");
            g.writeStringField("ShardIteratorType", "AT_SEQUENCE_NUMBER");
            g.writeStringField("StartingSequenceNumber", "49590000000000000000000000000000000000000000049000000000000");
        });
        List<RequestBodies.Entry> entries = new ArrayList<>();
        for (int i = 0; i < RequestBodies.PUT_BATCH; i++) {
            entries.add(RequestBodies.Entry.random(random));
        }
        putRecordsDeclined = RequestBodies.body(factory, g -> {
            RequestBodies.putRecords(g, entries);
            g.writeStringField("Unknown", "x");
        });
    }

    @Benchmark
    public PutRecordRequest decodePutRecord() {
        return Codec.decodeRequest(format, "PutRecord", putRecord, PutRecordRequest.class);
    }

    @Benchmark
    public GetRecordsRequest decodeGetRecords() {
        return Codec.decodeRequest(format, "GetRecords", getRecords, GetRecordsRequest.class);
    }

    @Benchmark
    public GetShardIteratorRequest decodeGetShardIterator() {
        return Codec.decodeRequest(format, "GetShardIterator", getShardIterator, GetShardIteratorRequest.class);
    }

    @Benchmark
    @OperationsPerInvocation(RequestBodies.PUT_BATCH)
    public PutRecordsRequest decodePutRecordsDeclined() {
        return Codec.decodeRequest(format, "PutRecords", putRecordsDeclined, PutRecordsRequest.class);
    }
}
