package dev.freshet.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The workload the build runs once, under {@code -XX:ArchiveClassesAtExit}, to write the class-data
 * sharing archive {@code bin/freshet} starts with ({@code freshet-server/target/freshet.jsa}, see the
 * README): what a first start and a client's first requests load is then mapped from that archive,
 * already parsed and verified, instead of being read from the jar.
 *
 * <p>It starts a server on a free port of 127.0.0.1 over a temporary data directory (so the
 * certificate is generated, as on a first start) and, over HTTP/1.1 in AWS JSON and in CBOR, makes
 * the calls a client usually begins with: list, create and describe a stream, put a record and a
 * batch, list its shards, read it back, provoke an error, delete it. Then it stops the server and
 * removes the directory. It does not use TLS or HTTP/2: every class in the archive is resident in
 * every server's memory whether used or not, and most clients of a development server speak
 * cleartext HTTP/1.1 (those that do not still work; their first call loads a few more classes).
 *
 * <p>A call that does not answer as expected is reported on standard error and the rest carries on:
 * the archive only makes starting faster, so an incomplete one must not fail the build; the tests
 * are what check behaviour. Not for use while a real server runs in the same JVM.
 *
 * <p>Thread-safety: a program, run once from {@link #main}, on one thread.
 */
final class CdsTraining {

    private static final String TARGET_PREFIX = "Kinesis_20131202.";

    private final InetSocketAddress address;
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper cbor = new ObjectMapper(new CBORFactory());
    private int problems;

    private CdsTraining(InetSocketAddress address) {
        this.address = address;
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("freshet-cds-training");
        int problems;
        try {
            ServerConfig config = ServerConfig.fromFlags("--host", "127.0.0.1", "--port", "0",
                    "--data-dir", dataDir.toString(), "--create-stream-delay", "0", "--delete-stream-delay", "0");
            PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
            try (FreshetServer server = Main.startAndAnnounce(config, silent)) {
                CdsTraining training = new CdsTraining(server.address());
                training.run("json");
                training.run("cbor");
                problems = training.problems;
            }
        } finally {
            deleteRecursively(dataDir);
        }
        System.err.println("freshet: CDS training done"
                + (problems == 0 ? "" : " (" + problems + " calls answered unexpectedly)"));
    }

    private void run(String format) throws IOException {
        String stream = "cds-training-" + format;
        byte[] data = "training record".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.connect(address, 10_000);
            socket.setSoTimeout(30_000);
            Connection connection = new Connection(socket, format);
            connection.call("ListStreams", Map.of(), 200);
            connection.call("CreateStream", Map.of("StreamName", stream, "ShardCount", 1), 200);
            for (int i = 0; i < 100; i++) {
                JsonNode summary = connection.call("DescribeStreamSummary", Map.of("StreamName", stream), 200);
                String status = summary == null ? null
                        : summary.path("StreamDescriptionSummary").path("StreamStatus").asText();
                if (status == null || status.equals("ACTIVE")) {
                    break;
                }
                sleep(10);
            }
            connection.call("PutRecord", Map.of("StreamName", stream, "PartitionKey", "k", "Data", data), 200);
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                records.add(Map.of("PartitionKey", "k" + i, "Data", data));
            }
            connection.call("PutRecords", Map.of("StreamName", stream, "Records", records), 200);
            connection.call("ListShards", Map.of("StreamName", stream), 200);
            JsonNode iterator = connection.call("GetShardIterator", Map.of("StreamName", stream,
                    "ShardId", "shardId-000000000000", "ShardIteratorType", "TRIM_HORIZON"), 200);
            if (iterator != null) {
                connection.call("GetRecords", Map.of("ShardIterator", iterator.path("ShardIterator").asText()), 200);
            }
            connection.call("DescribeStream", Map.of("StreamName", stream), 200);
            connection.call("DescribeStreamSummary", Map.of("StreamName", stream + "-missing"), 400);
            connection.call("DeleteStream", Map.of("StreamName", stream), 200);
        }
    }

    /** One keep-alive HTTP/1.1 connection speaking one wire format. */
    private final class Connection {

        private final OutputStream out;
        private final InputStream in;
        private final String format;

        Connection(Socket socket, String format) throws IOException {
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream());
            this.format = format;
        }

        /** Makes the call; answers the decoded body, or {@code null} if the status was not the expected one. */
        JsonNode call(String operation, Map<String, Object> request, int expectedStatus) throws IOException {
            ObjectMapper mapper = format.equals("cbor") ? cbor : json;
            byte[] body = mapper.writeValueAsBytes(request);
            String head = "POST / HTTP/1.1\r\n"
                    + "Host: " + address.getHostString() + ":" + address.getPort() + "\r\n"
                    + "Content-Type: application/x-amz-" + format + "-1.1\r\n"
                    + "X-Amz-Target: " + TARGET_PREFIX + operation + "\r\n"
                    + "X-Amz-Date: 20250101T000000Z\r\n"
                    + "Authorization: AWS4-HMAC-SHA256 Credential=AKIDCDSTRAINING/20250101/us-east-1/kinesis/"
                    + "aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            int status = Integer.parseInt(line().split(" ")[1]);
            int length = 0;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon > 0 && header.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                    length = Integer.parseInt(header.substring(colon + 1).trim());
                }
            }
            byte[] answer = in.readNBytes(length);
            if (status != expectedStatus) {
                problems++;
                System.err.println("freshet: CDS training: " + operation + " (" + format + ") answered " + status
                        + " instead of " + expectedStatus);
                return null;
            }
            return answer.length == 0 ? mapper.createObjectNode() : mapper.readTree(answer);
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the server closed the connection");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
