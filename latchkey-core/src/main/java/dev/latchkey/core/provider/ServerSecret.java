package dev.latchkey.core.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret of the server's own (a password, the key-encryption key), as a provider read it.
 * Redacted {@code toString}; constant-time equality.
 */
public final class ServerSecret {
  private final String value;

  private ServerSecret(String value) {
    this.value = value;
  }

  /** Wraps {@code value}; trailing newlines (as files and vault fields often have) are kept. */
  public static ServerSecret of(String value) {
    return new ServerSecret(Objects.requireNonNull(value));
  }

  /** The plaintext, for the one place that needs it (a connection pool, a key parser). */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerSecret s
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0; // constant: a hash would leak information about the value
  }

  @Override
  public String toString() {
    return "ServerSecret[redacted]";
  }
}
