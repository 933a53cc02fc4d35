package dev.freshet.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** Shows a body in an assertion message: JSON as text, CBOR as hex, both cut short. Stateless; thread-safe. */
final class Bodies {

    private static final int SHOWN = 400;

    private Bodies() {
    }

    static String show(WireFormat format, byte[] body) {
        byte[] head = Arrays.copyOf(body, Math.min(body.length, SHOWN));
        String shown = format == WireFormat.JSON ? new String(head, StandardCharsets.UTF_8) : HexFormat.of().formatHex(head);
        return shown + (body.length > SHOWN ? "… (" + body.length + " bytes)" : "");
    }
}
