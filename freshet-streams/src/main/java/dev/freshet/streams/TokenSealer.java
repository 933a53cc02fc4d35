package dev.freshet.streams;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals small payloads into opaque, tamper-proof text tokens (shard iterators, pagination tokens)
 * with AES-256-GCM, so a client can neither read nor forge them.
 *
 * <pre>
 * token = base64( nonce[12] | ciphertext[n] | tag[16] )    standard alphabet, padded
 * the payload's first byte is a kind, bound as additional authenticated data too
 * </pre>
 *
 * <p>Thread-safe: each thread seals and opens with a {@link Cipher} and a nonce source of its own, made on its
 * first call and initialised afresh for every token. Looking a cipher up per call cost about 7 % of the
 * server's CPU under a consumer polling GetRecords in a loop (each poll opens one iterator and seals the next).
 */
final class TokenSealer {

    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKeySpec key;
    private final ThreadLocal<Tools> tools = ThreadLocal.withInitial(Tools::new);

    TokenSealer(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("token key must be " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    String seal(byte kind, byte[] payload) {
        Tools own = tools.get();
        byte[] nonce = new byte[NONCE_BYTES];
        own.random.nextBytes(nonce);
        try {
            Cipher cipher = own.cipher;
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(new byte[] {kind});
            byte[] sealed = cipher.doFinal(payload);
            return Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is available in every JDK", e);
        }
    }

    /** The payload sealed in {@code token} as {@code kind}, or {@code null} if it is not such a token. */
    byte[] open(byte kind, String token) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
            return null;
        }
        try {
            Cipher cipher = tools.get().cipher;
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(new byte[] {kind});
            return cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException forgedOrDamaged) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is available in every JDK", e);
        }
    }

    /**
     * One thread's cipher and nonce source. A GCM cipher serves one token at a time and is initialised for
     * each (a fresh random nonce for every seal, so key and nonce never repeat), whatever the last call left.
     *
     * <p>Not thread-safe: confined to its thread.
     */
    private static final class Tools {
        final Cipher cipher;
        final SecureRandom random = new SecureRandom();

        Tools() {
            try {
                cipher = Cipher.getInstance(TRANSFORMATION);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is available in every JDK", e);
            }
        }
    }
}
