package dev.freshet.http;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.function.BiConsumer;

/**
 * The handler's answer to one {@link HttpCall}.
 *
 * <p>The transport owns framing: it always sets {@code content-length} from the body and drops any
 * {@code content-length} or {@code transfer-encoding} given here. On HTTP/1.1 a
 * {@code connection: close} header closes the connection after this reply; on HTTP/2 all
 * connection-specific fields ({@code connection}, {@code keep-alive}, {@code proxy-connection},
 * {@code transfer-encoding}, {@code upgrade}) are dropped because the protocol forbids them.
 *
 * <p>The constructor rejects what would corrupt the wire: a status outside {@code 200..599} (an
 * informational status is not a final answer), a header name that is not an RFC 9110 token, or a
 * header value holding CR, LF or NUL (response splitting).
 *
 * <p>A streamed reply ({@link #streaming}) has no length: its body is the chunks its publisher emits,
 * sent as they come (HTTP/1.1 chunked encoding, HTTP/2 DATA frames) and asked for one at a time only
 * while the connection (on HTTP/2, the stream's flow-control window) can take more, so a slow
 * client slows the publisher down instead of filling memory. If the client goes away the
 * subscription is cancelled; a publisher error aborts the reply (HTTP/2 stream reset, HTTP/1.1
 * connection closed): a publisher that has a last word to say must say it as a chunk.
 *
 * <p>Thread-safety: immutable apart from {@link #body()}, which is not copied; do not mutate it
 * after handing the reply over.
 *
 * @param status  the final status code, {@code 200..599}
 * @param headers response header fields; names are case-insensitive and sent lower-case on HTTP/2
 * @param body    the response body, possibly empty; empty for a streamed reply
 * @param stream  the chunks of a streamed reply, subscribed to once, or {@code null}
 */
public record HttpReply(int status, Map<String, String> headers, byte[] body, Flow.Publisher<byte[]> stream) {

    /** The framing fields the transport always sets itself, dropped from {@link #headers()} on every protocol. */
    static final Set<String> FRAMING_FIELDS = Set.of("content-length", "transfer-encoding");

    /** A reply with a whole body. */
    public HttpReply(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null);
    }

    /** A reply whose body is streamed: see the class comment. */
    public static HttpReply streaming(int status, Map<String, String> headers, Flow.Publisher<byte[]> stream) {
        return new HttpReply(status, headers, new byte[0], Objects.requireNonNull(stream, "stream"));
    }

    public HttpReply {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be a final status 200..599: " + status);
        }
        headers = Map.copyOf(headers);
        headers.forEach(HttpReply::requireValidField);
        Objects.requireNonNull(body, "body");
    }

    /**
     * Hands {@code sink} every header field the transport forwards: those whose lower-cased name is
     * not in {@code dropped}, by that lower-cased name (how HTTP/2 requires names, and as good as any
     * on HTTP/1.1, where case does not matter).
     */
    void forEachHeaderExcept(Set<String> dropped, BiConsumer<String, String> sink) {
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!dropped.contains(lower)) {
                sink.accept(lower, value);
            }
        });
    }

    private static void requireValidField(String name, String value) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTokenChar(name.charAt(i))) {
                throw new IllegalArgumentException("header name is not a token: " + name);
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("header value of " + name + " holds CR, LF or NUL");
            }
        }
    }

    private static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    @Override
    public String toString() {
        return "HttpReply[" + status + " headers=" + headers.keySet()
                + (stream == null ? " body=" + body.length + " bytes]" : " streamed]");
    }
}
