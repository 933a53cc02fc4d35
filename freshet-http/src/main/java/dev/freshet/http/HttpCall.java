package dev.freshet.http;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One fully received HTTP request, independent of the protocol it arrived over.
 *
 * <p>Thread-safety: immutable apart from {@link #body()}, which is the transport's only copy of the
 * request body and is handed to the handler without a defensive copy (bodies can be tens of MiB);
 * whoever mutates it owns the consequences.
 *
 * @param method   the request method as sent, e.g. {@code POST}
 * @param path     the request target as sent, including any query string ({@code :path} on HTTP/2)
 * @param headers  header fields with lower-case names; when a name repeats, the last value wins.
 *                 On HTTP/2, pseudo-headers are left out and {@code :authority} is reported as
 *                 {@code host} unless a {@code host} field is present, so request signing sees the
 *                 same fields on both protocols. Trailers are not included. A chunked HTTP/1.1
 *                 body arrives with {@code content-length} set to its full size and no
 *                 {@code transfer-encoding}, as it was received in full.
 * @param body     the complete request body, empty if there was none
 * @param secure   whether the request came over TLS
 * @param protocol {@code "HTTP/1.1"} (also for HTTP/1.0 clients) or {@code "HTTP/2"}
 */
public record HttpCall(
        String method,
        String path,
        Map<String, String> headers,
        byte[] body,
        boolean secure,
        String protocol) {

    /** The value of {@link #protocol()} for HTTP/1.x requests. */
    public static final String HTTP_1_1 = "HTTP/1.1";

    /** The value of {@link #protocol()} for HTTP/2 requests. */
    public static final String HTTP_2 = "HTTP/2";

    public HttpCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** The value of a header, looked up case-insensitively, or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Leaves out header values and the body, which may hold credentials or customer data. */
    @Override
    public String toString() {
        return "HttpCall[" + method + " " + path + " " + protocol + (secure ? " tls" : "")
                + " headers=" + headers.keySet() + " body=" + body.length + " bytes]";
    }
}
