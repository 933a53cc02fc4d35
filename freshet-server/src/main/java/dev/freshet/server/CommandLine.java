package dev.freshet.server;

import dev.freshet.storage.FsyncPolicy;
import dev.freshet.streams.OnDemandScaling;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link ServerConfig} from flags ({@code --name value}, {@code --name=value}, or a bare
 * {@code --in-memory}) and environment variables ({@code FRESHET_NAME} for {@code --name}, dashes
 * as underscores); a flag wins over the environment.
 *
 * <p>Stateless and thread-safe.
 */
final class CommandLine {

    static final String USAGE = """
            Usage: freshet [options]      (each option also as env FRESHET_<NAME>, e.g. FRESHET_PORT)
              --host HOST                  address to listen on (default 127.0.0.1)
              --port PORT                  port to listen on; 0 picks a free one (default 4567)
              --data-dir DIR               where data is stored (default ./freshet-data)
              --in-memory                  store nothing on disk
              --account-id ID              default 12-digit account id (default 000000000000)
              --region REGION              default region (default us-east-1)
              --create-stream-delay DUR    time a new stream stays CREATING (default 500ms; 0 allowed)
              --delete-stream-delay DUR    time a deleted stream stays DELETING (default 500ms)
              --update-stream-delay DUR    time a changed stream stays UPDATING (default 500ms)
              --fsync always|interval|never  force records to disk before acknowledging (default always)
              --fsync-interval DUR         period for --fsync interval (default 1s)
              --max-open-files N           most segment files open at once over all shards; the rest
                                           are closed and reopened on use (default: from ulimit -n)
              --journal-bytes SIZE         write-ahead journal file size: older files are deleted once the
                                           segments are forced, so it bounds the journal's disk and a crash
                                           recovery's replay (default 256m; at least 1m)
              --tls-cert FILE --tls-key FILE  PEM certificate and key for TLS (default: generated)
              --shard-limit N              most open shards per account and region (default 500)
              --on-demand-stream-limit N   most ON_DEMAND streams per account and region (default 50)
              --on-demand-window DUR       how long ON_DEMAND write rates are measured (default 1m)
              --on-demand-split-rate B     bytes/s above which an ON_DEMAND shard splits (default 512000)
              --on-demand-merge-rate B     bytes/s below which two adjacent ON_DEMAND shards merge
                                           (default 102400)
            Durations: 250ms, 2s, 1m, or a number of milliseconds. Sizes: 1048576, 512k, 64m, 1g (binary).
            """;

    private static final List<String> FLAGS = List.of("host", "port", "data-dir", "in-memory", "account-id",
            "region", "create-stream-delay", "delete-stream-delay", "update-stream-delay", "fsync",
            "fsync-interval", "max-open-files", "journal-bytes", "tls-cert", "tls-key", "shard-limit", "on-demand-stream-limit", "on-demand-window",
            "on-demand-split-rate", "on-demand-merge-rate");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG])?");
    private static final long MIN_JOURNAL_BYTES = 1L << 20;

    private CommandLine() {}

    /** A bad flag or value: the message says which, for the user. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static ServerConfig parse(String[] args, Map<String, String> environment) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String flag : FLAGS) {
            String fromEnvironment = environment.get("FRESHET_" + flag.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (fromEnvironment != null) {
                values.put(flag, fromEnvironment);
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (!FLAGS.contains(name)) {
                throw new UsageException("unknown option: --" + name);
            }
            if (value == null) {
                if (name.equals("in-memory")) {
                    value = "true";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
            }
            values.put(name, value);
        }
        ServerConfig d = ServerConfig.defaults();
        String account = values.getOrDefault("account-id", d.accountId());
        if (!ACCOUNT.matcher(account).matches()) {
            throw new UsageException("--account-id must be 12 digits: " + account);
        }
        Path cert = path(values.get("tls-cert"));
        Path key = path(values.get("tls-key"));
        if ((cert == null) != (key == null)) {
            throw new UsageException("--tls-cert and --tls-key go together");
        }
        OnDemandScaling onDemand = d.onDemand();
        int splitRate = positive("on-demand-split-rate", values.get("on-demand-split-rate"),
                (int) onDemand.splitBytesPerSecond());
        int mergeRate = positive("on-demand-merge-rate", values.get("on-demand-merge-rate"),
                (int) Math.min(onDemand.mergeBytesPerSecond(), splitRate - 1L));
        if (mergeRate >= splitRate) {
            throw new UsageException("--on-demand-merge-rate must be below --on-demand-split-rate");
        }
        Duration window = duration("on-demand-window", values.get("on-demand-window"), onDemand.window());
        if (window.isZero()) {
            throw new UsageException("--on-demand-window must be positive");
        }
        return new ServerConfig(
                values.getOrDefault("host", d.host()),
                port(values.get("port"), d.port()),
                values.containsKey("data-dir") ? Path.of(values.get("data-dir")) : d.dataDir(),
                bool("in-memory", values.get("in-memory")),
                account,
                values.getOrDefault("region", d.region()),
                duration("create-stream-delay", values.get("create-stream-delay"), d.createStreamDelay()),
                duration("delete-stream-delay", values.get("delete-stream-delay"), d.deleteStreamDelay()),
                duration("update-stream-delay", values.get("update-stream-delay"), d.updateStreamDelay()),
                fsync(values.get("fsync"), d.fsync()),
                duration("fsync-interval", values.get("fsync-interval"), d.fsyncInterval()),
                cert,
                key,
                positive("shard-limit", values.get("shard-limit"), d.shardLimit()),
                positive("on-demand-stream-limit", values.get("on-demand-stream-limit"), d.onDemandStreamLimit()),
                new OnDemandScaling(window, splitRate, mergeRate),
                positive("max-open-files", values.get("max-open-files"), d.maxOpenFiles()),
                size("journal-bytes", values.get("journal-bytes"), d.journalBytes(), MIN_JOURNAL_BYTES));
    }

    private static int port(String value, int fallback) throws UsageException {
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, with the value
        }
        throw new UsageException("--port must be 0..65535: " + value);
    }

    private static int positive(String name, String value, int fallback) throws UsageException {
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, with the value
        }
        throw new UsageException("--" + name + " must be a positive whole number: " + value);
    }

    /** A size in bytes, with an optional binary suffix (k, m, g), at least {@code min}. */
    private static long size(String name, String value, long fallback, long min) throws UsageException {
        if (value == null) {
            return fallback;
        }
        Matcher m = SIZE.matcher(value.trim());
        if (m.matches()) {
            int shift = m.group(2) == null ? 0 : switch (Character.toLowerCase(m.group(2).charAt(0))) {
                case 'k' -> 10;
                case 'm' -> 20;
                default -> 30;
            };
            try {
                long bytes = Long.parseLong(m.group(1));
                if (bytes <= Long.MAX_VALUE >> shift && bytes << shift >= min) {
                    return bytes << shift;
                }
            } catch (NumberFormatException tooLong) {
                // reported below, with the value
            }
        }
        throw new UsageException("--" + name + " is a size of at least " + (min >> 20) + "m, such as 64m or 1g: "
                + value);
    }

    private static boolean bool(String name, String value) throws UsageException {
        if (value == null || value.equalsIgnoreCase("false") || value.isEmpty()) {
            return false;
        }
        if (value.equalsIgnoreCase("true") || value.equals("1")) {
            return true;
        }
        throw new UsageException("--" + name + " is true or false: " + value);
    }

    static Duration duration(String name, String value, Duration fallback) throws UsageException {
        if (value == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new UsageException("--" + name + " is a duration such as 250ms, 2s or 1m: " + value);
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofMillis(amount);
        };
    }

    private static FsyncPolicy fsync(String value, FsyncPolicy fallback) throws UsageException {
        if (value == null) {
            return fallback;
        }
        try {
            return FsyncPolicy.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--fsync is always, interval or never: " + value);
        }
    }

    private static Path path(String value) {
        return value == null || value.isEmpty() ? null : Path.of(value);
    }
}
