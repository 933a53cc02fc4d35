package dev.freshet.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A response as a test client saw it; header names lower-case. */
record TestResponse(int status, Map<String, String> headers, byte[] body) {

    Map<String, String> echo() {
        return EchoHandler.parse(body);
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
