package dev.latchkey.core.manage;

import dev.latchkey.core.LatchkeyException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An {@code Idempotency-Key} and what is needed to store the first response safely.
 *
 * <p>A create's first response holds a plaintext secret, which must never be stored. So the stored
 * copy is sealed with AES-256-GCM under a key derived (HMAC-SHA256) from the caller's own root key
 * secret and the idempotency key. The store holds only the root key's digest, so the sealed
 * response can be opened by no one but a caller presenting that same root key again.
 */
public final class IdempotencyRequest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE = 12;

  private final String key;
  private final byte[] fingerprint;
  private final SecretKeySpec sealingKey;

  private IdempotencyRequest(String key, byte[] fingerprint, SecretKeySpec sealingKey) {
    this.key = key;
    this.fingerprint = fingerprint;
    this.sealingKey = sealingKey;
  }

  /**
   * @param key the header value, already checked for length and characters
   * @param callerSecret the plaintext root key the caller presented
   * @param method HTTP method, path and body identify the request for the replay check
   */
  public static IdempotencyRequest of(
      String key, String callerSecret, String method, String path, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(callerSecret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
      byte[] derived =
          mac.doFinal(("latchkey idempotency v1\n" + key).getBytes(StandardCharsets.UTF_8));
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
      byte[] fingerprint = sha.digest(body);
      return new IdempotencyRequest(key, fingerprint, new SecretKeySpec(derived, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256 and SHA-256", e);
    }
  }

  public String key() {
    return key;
  }

  byte[] fingerprint() {
    return fingerprint.clone();
  }

  byte[] seal(byte[] plaintext) {
    try {
      byte[] nonce = new byte[NONCE];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, sealingKey, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(key.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is available on every JDK", e);
    }
  }

  byte[] open(byte[] stored) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, sealingKey, new GCMParameterSpec(128, stored, 0, NONCE));
      cipher.updateAAD(key.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(stored, NONCE, stored.length - NONCE);
    } catch (GeneralSecurityException e) {
      throw new LatchkeyException(
          "the stored response to this Idempotency-Key cannot be opened", e);
    }
  }

  @Override
  public String toString() {
    return "IdempotencyRequest[" + key + "]";
  }
}
