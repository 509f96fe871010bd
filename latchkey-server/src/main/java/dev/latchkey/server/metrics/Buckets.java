package dev.latchkey.server.metrics;

import java.time.Duration;

/** The histogram buckets (upper bounds) of the duration metrics. */
final class Buckets {
  private Buckets() {}

  /**
   * Verification: a cached verdict takes microseconds, a store read a millisecond or so on SQLite,
   * a few on PostgreSQL; a credit spend is a write transaction.
   */
  static final Duration[] VERIFICATION = {
    micros(25), micros(50), micros(100), micros(250), micros(500), millis(1), millis(2.5),
    millis(5), millis(10), millis(25), millis(50), millis(100), millis(250), millis(1000)
  };

  /** HTTP requests: from a cached forward-auth check to a slow management write. */
  static final Duration[] HTTP = {
    micros(100), micros(250), micros(500), millis(1), millis(2.5), millis(5), millis(10),
    millis(25), millis(50), millis(100), millis(250), millis(500), millis(1000), millis(2500),
    millis(5000), millis(10000)
  };

  private static Duration micros(long us) {
    return Duration.ofNanos(us * 1_000);
  }

  private static Duration millis(double ms) {
    return Duration.ofNanos((long) (ms * 1_000_000));
  }
}
