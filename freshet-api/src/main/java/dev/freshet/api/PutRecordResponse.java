package dev.freshet.api;

/** PutRecord output. */
public record PutRecordResponse(String shardId, String sequenceNumber, EncryptionType encryptionType) {}
