package dev.latchkey.core.secret;

import java.security.MessageDigest;

/**
 * A plaintext key secret. Its {@code toString} is redacted; equality is constant-time; the
 * plaintext leaves it only through {@link #reveal()}, which callers use exactly once, to put it in
 * the response that issues it.
 */
public final class Secret {
  private final String value;
  private final byte[] ascii;
  private String prefix;
  private Digest digest;

  /**
   * @param prefix the prefix when already at hand, else null (derived on demand)
   * @param ascii the ASCII bytes of {@code value}; owned by this secret from now on
   */
  Secret(String value, String prefix, byte[] ascii) {
    this.value = value;
    this.prefix = prefix;
    this.ascii = ascii;
  }

  /** The key prefix: a service's ({@code pay}) or {@code lk_root}. */
  public String prefix() {
    String p = prefix;
    if (p == null) {
      p = value.substring(0, value.length() - KeyFormat.RANDOM_CHARS - KeyFormat.CHECK_CHARS - 1);
      prefix = p; // benign race: every thread computes the same value
    }
    return p;
  }

  /** Whether this is a root (management) key. */
  public boolean isRoot() {
    return value.startsWith(KeyFormat.ROOT_PREFIX + "_");
  }

  /** Display form: the prefix, the separator and the first four random characters. */
  public String start() {
    return value.substring(0, prefix().length() + 5);
  }

  /** The SHA-256 digest, computed once (a benign race may compute it twice, to the same value). */
  public Digest digest() {
    Digest d = digest;
    if (d == null) {
      d = Digest.sha256(ascii);
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
    return o instanceof Secret other && MessageDigest.isEqual(ascii, other.ascii);
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
