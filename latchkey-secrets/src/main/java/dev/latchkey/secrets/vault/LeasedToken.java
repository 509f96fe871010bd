package dev.latchkey.secrets.vault;

import java.time.Instant;

/**
 * A token from a login, and when to log in again: after nine tenths of its lease, so that a request
 * never carries a token about to expire. Redacted {@code toString}.
 */
record LeasedToken(String value, Instant renewAt) {
  static LeasedToken of(String value, Instant obtained, long leaseSeconds) {
    Instant renewAt =
        leaseSeconds <= 0 ? Instant.MAX : obtained.plusMillis(leaseSeconds * 900); // 9/10 of it
    return new LeasedToken(value, renewAt);
  }

  @Override
  public String toString() {
    return "LeasedToken[renewAt=" + renewAt + "]";
  }
}
