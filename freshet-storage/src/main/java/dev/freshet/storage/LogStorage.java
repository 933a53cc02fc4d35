package dev.freshet.storage;

import java.io.IOException;
import java.util.Set;

/**
 * Where shard logs live: opens them by name, lists and deletes them. Names are relative paths of
 * segments matching {@code [A-Za-z0-9_.@-]+} joined by {@code /} (for example
 * {@code "a1b2…-x9z/shardId-000000000000"}); a name's first segment groups the logs of one stream.
 *
 * <p>Thread-safe. {@link #close()} closes every log it opened and is idempotent.
 */
public interface LogStorage extends AutoCloseable {

    /** Opens (creating if absent) the log with this name; a log already open is returned as is. */
    ShardLog open(String name) throws IOException;

    /** Names of the logs that exist under the group {@code prefix} (the first name segment). */
    Set<String> list(String prefix) throws IOException;

    /** Closes and deletes every log of the group {@code prefix}. */
    void deleteGroup(String prefix) throws IOException;

    @Override
    void close();
}
