package dev.latchkey.core.alert;

import dev.latchkey.core.seal.SealException;
import dev.latchkey.core.seal.SealedColumn;
import dev.latchkey.core.seal.Sealer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A webhook signing secret: {@code whsec_} and 32 base62 characters (about 190 bits from {@link
 * SecureRandom}). Redacted {@code toString}, constant-time equality. Immutable.
 */
public final class SigningSecret {
  /** What every signing secret starts with. */
  public static final String PREFIX = "whsec_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int LENGTH = 32;
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private final String value;

  private SigningSecret(String value) {
    this.value = value;
  }

  /** A new random secret. */
  public static SigningSecret generate() {
    StringBuilder b = new StringBuilder(PREFIX);
    byte[] random = new byte[64];
    while (b.length() < PREFIX.length() + LENGTH) {
      RANDOM.nextBytes(random);
      for (int i = 0; i < random.length && b.length() < PREFIX.length() + LENGTH; i++) {
        int six = random[i] & 0x3f;
        if (six < 62) {
          b.append(ALPHABET.charAt(six));
        }
      }
    }
    return new SigningSecret(b.toString());
  }

  /** The secret written as {@code text}. */
  public static SigningSecret of(String text) {
    Objects.requireNonNull(text);
    if (!text.startsWith(PREFIX) || text.length() != PREFIX.length() + LENGTH) {
      throw new IllegalArgumentException("not a webhook signing secret");
    }
    return new SigningSecret(text);
  }

  /** This secret sealed as the value of {@code column} in webhook {@code webhookId}'s row. */
  public String sealed(Sealer sealer, SealedColumn column, String webhookId) {
    byte[] bytes = keyBytes();
    try {
      return column.seal(sealer, webhookId, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * The secret stored as {@code stored} in {@code column} of webhook {@code webhookId}'s row.
   *
   * @throws SealException when it does not open, or what opens is not a signing secret
   */
  public static SigningSecret opened(
      Sealer sealer, SealedColumn column, String webhookId, String stored) {
    byte[] bytes = column.open(sealer, webhookId, stored);
    try {
      return of(new String(bytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new SealException("the stored value of webhook " + webhookId + " is not a secret");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The plaintext: only for the response that creates it, sealing, and the HMAC key. */
  public String reveal() {
    return value;
  }

  byte[] keyBytes() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningSecret s
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0; // no hash of a secret; these are never map keys
  }

  @Override
  public String toString() {
    return "SigningSecret[<redacted>]";
  }
}
