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
 * <p>Thread-safe: a {@link Cipher} is created per call (cheap next to the request it serves).
 */
final class TokenSealer {

    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

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
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
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
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(new byte[] {kind});
            return cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException forgedOrDamaged) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is available in every JDK", e);
        }
    }
}
