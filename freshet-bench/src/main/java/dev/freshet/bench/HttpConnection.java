package dev.freshet.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One blocking HTTP/1.1 keep-alive connection: writes a POST, reads the answer (by
 * {@code Content-Length} or chunked), on the calling thread. The load generator's raw client uses these
 * instead of {@code java.net.http.HttpClient}, which hands every exchange between the caller, a selector
 * thread and an executor: on a two-core machine shared with the server, those hand-offs cost more CPU
 * than the server's work on a single-record call.
 *
 * <p>Not thread-safe: one exchange at a time; {@link HttpConnectionPool} gives each thread its own.
 */
final class HttpConnection implements AutoCloseable {

    private static final int MAX_HEADER_LINE = 16 * 1024;
    /** GetRecords answers at most 10 MiB of data, about 14 MiB as base64 JSON; more is not a Kinesis answer. */
    private static final int MAX_BODY = 64 << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String hostHeader;
    private long lastUsedNanos = System.nanoTime();
    private boolean reusable = true;

    HttpConnection(String host, int port, Duration timeout) throws IOException {
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        hostHeader = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    /**
     * An answer.
     *
     * @param status the HTTP status
     * @param errorType the {@code x-amzn-ErrorType} header, or null
     * @param body the body, whole
     */
    record Answer(int status, String errorType, byte[] body) {}

    /** Posts {@code body} to {@code /} with the given extra headers (name-value pairs). */
    Answer post(String[] headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(512);
        head.append("POST / HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\nContent-Length: ")
                .append(body.length).append("\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        Answer answer = read();
        lastUsedNanos = System.nanoTime();
        return answer;
    }

    /** False once the server said it closes the connection, or an exchange failed. */
    boolean reusable() {
        return reusable && !socket.isClosed();
    }

    long idleNanos() {
        return System.nanoTime() - lastUsedNanos;
    }

    @Override
    public void close() {
        reusable = false;
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do: the connection is dropped either way
        }
    }

    private Answer read() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1 answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        String errorType = null;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> {
                    if (value.equalsIgnoreCase("close")) {
                        reusable = false;
                    }
                }
                case "x-amzn-errortype" -> errorType = value;
                default -> { }
            }
        }
        if (statusLine.startsWith("HTTP/1.0")) {
            reusable = false;
        }
        byte[] body;
        if (chunked) {
            body = chunks();
        } else if (length >= 0) {
            if (length > MAX_BODY) {
                throw new IOException("answer of " + length + " bytes is larger than any Kinesis answer");
            }
            body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new EOFException("answer ended after " + body.length + " of " + length + " bytes");
            }
        } else {
            reusable = false;
            body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new IOException("answer larger than any Kinesis answer");
            }
        }
        return new Answer(status, errorType, body);
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers carry nothing the load generator needs
                }
                return body.toByteArray();
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY) {
                throw new IOException("chunked answer larger than any Kinesis answer");
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("chunk ended early");
            }
            body.write(chunk);
            line();
        }
    }

    /** One CRLF-terminated line, without its terminator. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_HEADER_LINE) {
                throw new IOException("header line longer than " + MAX_HEADER_LINE);
            }
            line.append((char) b);
        }
    }
}
