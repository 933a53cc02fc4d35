package dev.freshet.storage;

import java.util.regex.Pattern;

/**
 * Validation of log names and groups (see {@link LogStorage}). Names become relative paths, so the
 * segments {@code .} and {@code ..} are refused on top of the documented character set.
 *
 * <p>Stateless and thread-safe.
 */
final class LogNames {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.@-]+");

    private LogNames() {}

    /** Returns {@code name} if it is a valid log name, else throws {@link IllegalArgumentException}. */
    static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("log name must not be empty");
        }
        for (String segment : name.split("/", -1)) {
            checkSegment(segment, name);
        }
        return name;
    }

    /** Returns {@code group} if it is a valid single name segment, else throws {@link IllegalArgumentException}. */
    static String checkGroup(String group) {
        if (group == null) {
            throw new IllegalArgumentException("group must not be null");
        }
        checkSegment(group, group);
        return group;
    }

    /** The group of a valid name: its first segment. */
    static String groupOf(String name) {
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }

    private static void checkSegment(String segment, String name) {
        if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
            throw new IllegalArgumentException("invalid log name: \"" + name + "\"");
        }
    }
}
