package dev.freshet.streams;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.freshet.api.RequestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The account settings of every account and region in one JSON document,
 * {@code <data-dir>/account-settings.json}, read once on open and replaced whole through
 * {@link DurableFiles} on each save, so after a crash it holds either the old or the new settings:
 *
 * <pre>
 * [ { "accountId" : "123456789012", "region" : "us-east-1",
 *     "minimumThroughputBillingCommitment" : {
 *       "startedAtMillis" : 1767225600000,          epoch ms, or null if never enabled
 *       "earliestAllowedEndAtMillis" : 1767312000000,
 *       "endsAtMillis" : null } },                  epoch ms, or null while no end is asked for
 *   ... ]
 * </pre>
 *
 * <p>Account settings change rarely (AWS allows five calls a second), so one small file is simpler
 * than a file per account and region, and keeps caller-chosen region names out of file names. A
 * leftover {@code .tmp} is removed on open; unknown fields are ignored, so later versions can add
 * settings.
 *
 * <p>Thread-safe: reads are lock-free; saves are serialized.
 */
final class FileAccountSettingsStore implements AccountSettingsStore {

    static final String FILE_NAME = "account-settings.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** One account and region's settings, as stored. */
    record Entry(String accountId, String region, BillingCommitment minimumThroughputBillingCommitment) {}

    private final Path file;
    private final Map<RequestContext, BillingCommitment> commitments = new ConcurrentHashMap<>();

    FileAccountSettingsStore(Path dataDir) throws IOException {
        this.file = dataDir.resolve(FILE_NAME);
        Files.deleteIfExists(file.resolveSibling(FILE_NAME + ".tmp"));
        if (Files.exists(file)) {
            for (Entry entry : JSON.readValue(file.toFile(), new TypeReference<List<Entry>>() {})) {
                commitments.put(new RequestContext(entry.accountId(), entry.region()),
                        entry.minimumThroughputBillingCommitment());
            }
        }
    }

    @Override
    public BillingCommitment commitment(RequestContext account) {
        return commitments.getOrDefault(account, BillingCommitment.none());
    }

    @Override
    public synchronized void save(RequestContext account, BillingCommitment commitment) throws IOException {
        List<Entry> entries = new ArrayList<>();
        commitments.forEach((key, value) -> {
            if (!key.equals(account)) {
                entries.add(new Entry(key.accountId(), key.region(), value));
            }
        });
        entries.add(new Entry(account.accountId(), account.region(), commitment));
        DurableFiles.replace(file, JSON.writeValueAsBytes(entries));
        commitments.put(account, commitment);
    }

    @Override
    public void close() {
        // the file is opened per call
    }
}
