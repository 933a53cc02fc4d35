package dev.freshet.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Keep-alive connections to one host, shared by the load generator's threads: a call takes an idle
 * connection (or opens one), and gives it back when the exchange went well. A request is never retried:
 * a PutRecords the server may have applied must not be sent twice, or the drain would find a duplicate
 * the server did not make. So that a server's idle timeout cannot close a connection under a request
 * (Node's default is 5 s), connections idle for more than {@link #MAX_IDLE} are closed instead of reused.
 *
 * <p>Thread-safe: the idle connections are in a concurrent deque; a connection is used by one thread at a
 * time.
 */
final class HttpConnectionPool implements AutoCloseable {

    static final Duration MAX_IDLE = Duration.ofSeconds(2);

    private final String host;
    private final int port;
    private final Duration timeout;
    private final ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    HttpConnectionPool(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    HttpConnection.Answer post(String[] headers, byte[] body) throws IOException {
        HttpConnection connection = take();
        try {
            HttpConnection.Answer answer = connection.post(headers, body);
            release(connection);
            return answer;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        for (HttpConnection connection = idle.poll(); connection != null; connection = idle.poll()) {
            connection.close();
        }
    }

    private HttpConnection take() throws IOException {
        for (HttpConnection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            if (connection.reusable() && connection.idleNanos() < MAX_IDLE.toNanos()) {
                return connection;
            }
            connection.close();
        }
        return new HttpConnection(host, port, timeout);
    }

    private void release(HttpConnection connection) {
        if (closed || !connection.reusable()) {
            connection.close();
            return;
        }
        idle.offerFirst(connection);
        if (closed) {
            close();
        }
    }
}
