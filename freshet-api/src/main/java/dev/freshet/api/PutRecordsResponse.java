package dev.freshet.api;

import java.util.List;

/** PutRecords output. */
public record PutRecordsResponse(Integer failedRecordCount, List<PutRecordsResultEntry> records, EncryptionType encryptionType) {}
