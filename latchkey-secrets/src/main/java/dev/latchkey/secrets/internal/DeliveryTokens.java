package dev.latchkey.secrets.internal;

import dev.latchkey.core.sink.Delivery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Idempotency tokens for deliveries, shared by the sink drivers; not API. A token is the same for
 * every attempt of one delivery and differs between deliveries (rotations) of a key. It is derived
 * from the secret's SHA-256 digest, never from the secret, and reveals nothing usable about it.
 * Thread-safe (stateless).
 */
public final class DeliveryTokens {
  private DeliveryTokens() {}

  /**
   * A 36-character token in UUID form ({@code 8-4-4-4-12} hex digits), as AWS's {@code
   * ClientRequestToken} wants it (32 to 64 characters).
   */
  public static String of(Delivery delivery) {
    byte[] hash =
        sha256(
            delivery.keyId()
                + "\n"
                + delivery.secret().digest().hex()
                + "\n"
                + delivery.issuedAt().toEpochMilli());
    String hex = HexFormat.of().formatHex(hash, 0, 16);
    return hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-"
        + hex.substring(12, 16)
        + "-"
        + hex.substring(16, 20)
        + "-"
        + hex.substring(20);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
