package dev.freshet.streams;

import dev.freshet.api.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What AWS accepts as a stream's tags, in the order AWS checks it, with its messages. Lengths (keys
 * 1 to 128 characters, values up to 256, at most 200 tags or 50 keys a request) are the service
 * model's, checked by the protocol layer before a request gets here.
 *
 * <ol>
 *   <li>Keys and values hold only Unicode letters, digits, white space and {@code _ . / = + - % @ :};
 *       AWS accepts the colon although its message does not list it.
 *   <li>Yet a {@code %} is refused, with a second message that names the stream.
 *   <li>Keys starting with {@code aws:} (in any case) are reserved.
 *   <li>A stream has at most {@value #MAX_TAGS} tags. AWS's message for this says ten: it was
 *       written when ten was the limit and was never updated.
 * </ol>
 *
 * <p>Stateless and thread-safe.
 */
final class TagRules {

    static final int MAX_TAGS = 50;

    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{N}\\p{Zs}_./=+\\-%@:]*");
    private static final String RESERVED_PREFIX = "aws:";

    /** What a request does with tags, as AWS's messages name it. */
    enum Action {
        ADD("add tags to"),
        REMOVE("remove tags from");

        private final String words;

        Action(String words) {
            this.words = words;
        }
    }

    private TagRules() {}

    /** {@code current} with {@code added} put over it, if every rule allows it. */
    static Map<String, String> add(Map<String, String> current, Map<String, String> added, StreamKey stream) {
        Map<String, String> next = new HashMap<>(current);
        List<String> texts = new ArrayList<>(added.keySet());
        for (String value : added.values()) {
            texts.add(value == null ? "" : value);
        }
        check(texts, added.keySet(), Action.ADD, stream);
        added.forEach((key, value) -> next.put(key, value == null ? "" : value));
        if (next.size() > MAX_TAGS) {
            throw new InvalidArgumentException(failed(Action.ADD, stream)
                    + " because a given stream cannot have more than 10 tags associated with it.");
        }
        return next;
    }

    /** {@code current} without {@code keys} (keys it does not have are ignored), if every rule allows it. */
    static Map<String, String> remove(Map<String, String> current, Collection<String> keys, StreamKey stream) {
        check(keys, keys, Action.REMOVE, stream);
        Map<String, String> next = new HashMap<>(current);
        keys.forEach(next::remove);
        return next;
    }

    private static void check(Collection<String> texts, Collection<String> keys, Action action, StreamKey stream) {
        for (String text : texts) {
            if (!ALLOWED.matcher(text).matches()) {
                throw new InvalidArgumentException("Some tags contain invalid characters. Valid characters: "
                        + "Unicode letters, digits, white space, _ . / = + - % @.");
            }
        }
        for (String text : texts) {
            if (text.indexOf('%') >= 0) {
                throw new InvalidArgumentException(failed(action, stream) + " because some tags contained illegal "
                        + "characters. The allowed characters are Unicode letters, white-spaces, "
                        + "'_',',','/','=','+','-','@'.");
            }
        }
        for (String key : keys) {
            if (key.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length())) {
                throw new InvalidArgumentException(failed(action, stream)
                        + " because tag keys starting with 'aws:' are reserved for system use.");
            }
        }
    }

    private static String failed(Action action, StreamKey stream) {
        return "Failed to " + action.words + " stream " + stream.name() + " under account " + stream.accountId();
    }
}
