package dev.freshet.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32;

/** Replies with a description of the request, as {@code key=value} lines, so tests can see what arrived. */
final class EchoHandler implements HttpHandler {

    static final String TEST_HEADER = "x-freshet-test";

    @Override
    public CompletionStage<HttpReply> handle(HttpCall call) {
        return CompletableFuture.completedFuture(reply(call));
    }

    static HttpReply reply(HttpCall call) {
        CRC32 crc = new CRC32();
        crc.update(call.body());
        String text = "method=" + call.method() + "\n"
                + "path=" + call.path() + "\n"
                + "protocol=" + call.protocol() + "\n"
                + "secure=" + call.secure() + "\n"
                + "bodyLength=" + call.body().length + "\n"
                + "bodyCrc=" + crc.getValue() + "\n"
                + "header=" + call.headers().get(TEST_HEADER) + "\n"
                + "host=" + call.headers().get("host") + "\n";
        return new HttpReply(200, Map.of("content-type", "text/plain", "x-echo-protocol", call.protocol()),
                text.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> parse(byte[] reply) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : new String(reply, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return fields;
    }

    static long crcOf(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return crc.getValue();
    }
}
