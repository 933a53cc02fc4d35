package dev.freshet.api;

/** StopStreamEncryption input. */
public record StopStreamEncryptionRequest(String streamName, EncryptionType encryptionType, String keyId, String streamARN) implements StreamAddressed {}
