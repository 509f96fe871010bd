package dev.latchkey.core.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A plaintext key secret. Its {@code toString} is redacted; equality is constant-time; the
 * plaintext leaves it only through {@link #reveal()}, which callers use exactly once, to put it in
 * the response that issues it.
 */
public final class Secret {
  private final String value;
  private final String prefix;
  private volatile Digest digest;

  Secret(String value, String prefix) {
    this.value = value;
    this.prefix = prefix;
  }

  /** The key prefix: a service's ({@code pay}) or {@code lk_root}. */
  public String prefix() {
    return prefix;
  }

  /** Display form: the prefix, the separator and the first four random characters. */
  public String start() {
    return value.substring(0, prefix.length() + 5);
  }

  /** The SHA-256 digest, computed once. */
  public Digest digest() {
    Digest d = digest;
    if (d == null) {
      d = Digest.sha256(value);
      digest = d;
    }
    return d;
  }

  /** The plaintext. Only the response that issues a key may call this. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.US_ASCII),
            other.value.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public int hashCode() {
    return digest().hashCode();
  }

  @Override
  public String toString() {
    return "Secret[" + start() + "…]";
  }
}
