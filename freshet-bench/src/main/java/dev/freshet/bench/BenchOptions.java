package dev.freshet.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load generator's command line. Every phase is bounded by {@code duration} and {@code maxRecords},
 * whichever is reached first, and every wait by {@code streamWait} or {@code requestTimeout}.
 *
 * @param endpoint the Kinesis endpoint, e.g. {@code http://127.0.0.1:4567}
 * @param label the server's name in reports (default: the endpoint's host and port)
 * @param format JSON or CBOR
 * @param client {@code raw} (hand-built requests) or {@code sdk} (AWS SDK for Java v2)
 * @param threads producer threads, and the most drain threads
 * @param recordBytes the size of each record's data
 * @param batch records per PutRecords call
 * @param shards shards of each phase's stream
 * @param manyShards shards of the many-shards phase's stream
 * @param duration the most time a phase's measured loop runs
 * @param warmup how long to write and read, unmeasured, before the first phase, so that every server's
 *     JIT (the JVM's or V8's) has compiled its hot paths; zero for none
 * @param maxRecords the most records a phase writes
 * @param rate records per second the put-get-latency producer sends
 * @param serverPid the server's process id, or 0 if not given (no CPU or memory figures then)
 * @param phases the phases to run, in order
 * @param streamPrefix the start of every stream name the phases create (and delete)
 * @param output a file to write the results to: JSON, or a Markdown table if it ends in {@code .md}; or null
 * @param region the region requests are signed for
 * @param accessKey the access key id requests carry
 * @param requestTimeout the most one request may take
 * @param streamWait the most time to wait for a stream to become ACTIVE, and for the many-shards phase's
 *     unmeasured first write to every shard of its stream
 */
record BenchOptions(
        URI endpoint,
        String label,
        WireEncoding format,
        String client,
        int threads,
        int recordBytes,
        int batch,
        int shards,
        int manyShards,
        Duration duration,
        Duration warmup,
        long maxRecords,
        int rate,
        long serverPid,
        List<String> phases,
        String streamPrefix,
        Path output,
        String region,
        String accessKey,
        Duration requestTimeout,
        Duration streamWait) {

    static final List<String> ALL_PHASES = List.of(
            "put-records", "put-record", "drain", "put-get-latency", "many-shards", "put-push-latency");

    static final String USAGE = """
            Usage: java -jar freshet-bench.jar [options]          run the load generator
                   java -jar freshet-bench.jar jmh [JMH options]  run the JMH micro-benchmarks
                   java -jar freshet-bench.jar report [options] RESULT.json...   compare result files

            Load generator options (every phase is bounded by --duration and --max-records):
              --endpoint URL        Kinesis endpoint (default http://127.0.0.1:4567)
              --label NAME          the server's name in reports (default: host:port)
              --format json|cbor    wire encoding (default json)
              --client raw|sdk      hand-built requests over the JDK HTTP client, or the AWS SDK v2 (default raw)
              --threads N           producer threads (default 4)
              --record-bytes N      bytes of data per record, at least 20 (default 100)
              --batch N             records per PutRecords call, 1..500 (default 500)
              --shards N            shards per stream (default 4)
              --many-shards N       shards of the many-shards stream, each written once before measuring
                                    (default 1000)
              --duration D          most time per phase, e.g. 10s, 500ms, 2m (default 10s)
              --warmup D            unmeasured writing and reading before the first phase (default 3s; 0: none)
              --max-records N       most records per phase (default 2000000)
              --rate N              records/s of the put-get-latency producer (default 1000)
              --server-pid PID      the server's process id: adds its CPU and memory figures (Linux /proc)
              --phases LIST         comma-separated, from: put-records, put-record, drain, put-get-latency,
                                    many-shards, put-push-latency, or all (default all)
              --stream-prefix S     stream names start with this (default freshet-bench)
              --output FILE         write results as JSON, or as a Markdown table if FILE ends in .md
              --region R            region to sign for (default us-east-1)
              --access-key K        access key id (default AKIDFRESHETBENCH)
              --request-timeout D   most time per request (default 30s)
              --stream-wait D       most time to wait for a stream to become ACTIVE, and for many-shards to
                                    write every shard once before measuring (default 120s)
            """;

    BenchOptions {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("--threads must be in [1, 256]: " + threads);
        }
        if (recordBytes < Payload.HEADER_BYTES || recordBytes > 1 << 20) {
            throw new IllegalArgumentException("--record-bytes must be in [" + Payload.HEADER_BYTES + ", 1048576]: "
                    + recordBytes);
        }
        if (batch < 1 || batch > 500) {
            throw new IllegalArgumentException("--batch must be in [1, 500]: " + batch);
        }
        if (shards < 1 || manyShards < 1) {
            throw new IllegalArgumentException("--shards and --many-shards must be positive");
        }
        if (maxRecords < 1 || rate < 1) {
            throw new IllegalArgumentException("--max-records and --rate must be positive");
        }
        if (!client.equals("raw") && !client.equals("sdk")) {
            throw new IllegalArgumentException("--client must be raw or sdk: " + client);
        }
        for (String phase : phases) {
            if (!ALL_PHASES.contains(phase)) {
                throw new IllegalArgumentException("unknown phase " + phase + "; known: " + ALL_PHASES);
            }
        }
        phases = List.copyOf(phases);
        if (label == null) {
            label = endpoint.getHost() + ":" + endpoint.getPort();
        }
    }

    /** @throws IllegalArgumentException naming the bad flag or value */
    static BenchOptions parse(String... args) {
        URI endpoint = URI.create("http://127.0.0.1:4567");
        String label = null;
        WireEncoding format = WireEncoding.JSON;
        String client = "raw";
        int threads = 4;
        int recordBytes = 100;
        int batch = 500;
        int shards = 4;
        int manyShards = 1000;
        Duration duration = Duration.ofSeconds(10);
        Duration warmup = Duration.ofSeconds(3);
        long maxRecords = 2_000_000;
        int rate = 1000;
        long serverPid = 0;
        List<String> phases = ALL_PHASES;
        String streamPrefix = "freshet-bench";
        Path output = null;
        String region = "us-east-1";
        String accessKey = "AKIDFRESHETBENCH";
        Duration requestTimeout = Duration.ofSeconds(30);
        Duration streamWait = Duration.ofSeconds(120);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value;
            int equals = flag.indexOf('=');
            if (flag.startsWith("--") && equals > 0) {
                value = flag.substring(equals + 1);
                flag = flag.substring(0, equals);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args[++i];
            }
            switch (flag) {
                case "--endpoint" -> endpoint = URI.create(value);
                case "--label" -> label = value;
                case "--format" -> format = WireEncoding.parse(value);
                case "--client" -> client = value.toLowerCase(Locale.ROOT);
                case "--threads" -> threads = integer(flag, value);
                case "--record-bytes" -> recordBytes = integer(flag, value);
                case "--batch" -> batch = integer(flag, value);
                case "--shards" -> shards = integer(flag, value);
                case "--many-shards" -> manyShards = integer(flag, value);
                case "--duration" -> duration = duration(flag, value);
                case "--warmup" -> warmup = value.equals("0") ? Duration.ZERO : duration(flag, value);
                case "--max-records" -> maxRecords = number(flag, value);
                case "--rate" -> rate = integer(flag, value);
                case "--server-pid" -> serverPid = number(flag, value);
                case "--phases" -> phases = phases(value);
                case "--stream-prefix" -> streamPrefix = value;
                case "--output" -> output = Path.of(value);
                case "--region" -> region = value;
                case "--access-key" -> accessKey = value;
                case "--request-timeout" -> requestTimeout = duration(flag, value);
                case "--stream-wait" -> streamWait = duration(flag, value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new BenchOptions(endpoint, label, format, client, threads, recordBytes, batch, shards, manyShards,
                duration, warmup, maxRecords, rate, serverPid, phases, streamPrefix, output, region, accessKey, requestTimeout,
                streamWait);
    }

    private static List<String> phases(String value) {
        if (value.equals("all")) {
            return ALL_PHASES;
        }
        List<String> phases = new ArrayList<>();
        for (String phase : value.split(",")) {
            if (!phase.isBlank()) {
                phases.add(phase.trim());
            }
        }
        return phases;
    }

    private static int integer(String flag, String value) {
        long n = number(flag, value);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(flag + " is too large: " + value);
        }
        return (int) n;
    }

    private static long number(String flag, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number: " + value, e);
        }
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}, or a plain number of seconds. */
    static Duration duration(String flag, String value) {
        try {
            String v = value.trim().toLowerCase(Locale.ROOT);
            Duration parsed;
            if (v.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                parsed = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            } else if (v.endsWith("m")) {
                parsed = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            } else {
                parsed = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
            }
            if (parsed.isNegative() || parsed.isZero()) {
                throw new IllegalArgumentException(flag + " must be positive: " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a duration such as 10s or 500ms: " + value, e);
        }
    }
}
