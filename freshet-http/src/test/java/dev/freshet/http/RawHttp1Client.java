package dev.freshet.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 over a plain blocking socket, so tests control exactly which bytes go on which connection. */
final class RawHttp1Client implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp1Client(Socket socket) throws IOException {
        this.socket = socket;
        // Only a guard against a hung test; no assertion depends on it.
        socket.setSoTimeout(20_000);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawHttp1Client connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 10_000);
        return new RawHttp1Client(socket);
    }

    static byte[] request(String method, String path, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("host: localhost\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body.length > 0 || method.equals("POST")) {
            head.append("content-length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    void send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        write(request(method, path, headers, body));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    TestResponse exchange(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        send(method, path, headers, body);
        return readResponse();
    }

    TestResponse readResponse() throws IOException {
        return readResponse(true);
    }

    /** Reads a response to HEAD: its content-length describes a body that is not sent. */
    TestResponse readResponseWithoutBody() throws IOException {
        return readResponse(false);
    }

    private TestResponse readResponse(boolean withBody) throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        if (status / 100 == 1 || !withBody) {
            return new TestResponse(status, headers, new byte[0]);
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return new TestResponse(status, headers, readChunkedBody());
        }
        return new TestResponse(status, headers, in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
    }

    /** A chunked body (RFC 9112 7.1), up to its last chunk and the trailers; an IOException if the connection ends first. */
    private byte[] readChunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String sizeLine = readLine(); sizeLine != null; sizeLine = readLine()) {
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                for (String trailer = readLine(); trailer != null; trailer = readLine()) {
                    if (trailer.isEmpty()) {
                        return body.toByteArray();
                    }
                }
                break;
            }
            byte[] chunk = in.readNBytes(size);
            body.writeBytes(chunk);
            if (chunk.length < size || !"".equals(readLine())) {
                break;
            }
        }
        throw new IOException("connection closed before the last chunk, after " + body.size() + " bytes");
    }

    /**
     * Whether the server closes its side, skipping whatever it still sends first (e.g. a TLS alert);
     * false if more than 64 KiB arrive instead.
     */
    boolean serverClosed() throws IOException {
        try {
            for (int skipped = 0; skipped < 64 * 1024; skipped++) {
                if (in.read() == -1) {
                    return true;
                }
            }
            return false;
        } catch (java.net.SocketException e) {
            return true; // a reset is a close too
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
