package dev.freshet.api;

/** StartStreamEncryption input. */
public record StartStreamEncryptionRequest(String streamName, EncryptionType encryptionType, String keyId, String streamARN) implements StreamAddressed {}
