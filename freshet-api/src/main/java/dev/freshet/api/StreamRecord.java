package dev.freshet.api;

import java.time.Instant;

/** A data record as GetRecords returns it. */
public record StreamRecord(String sequenceNumber, Instant approximateArrivalTimestamp, byte[] data, String partitionKey, EncryptionType encryptionType) {}
