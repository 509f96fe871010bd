package dev.latchkey.core.verify;

import java.time.Duration;

/**
 * Bounds of the verification cache.
 *
 * @param maximumSize entries held, positive and negative together
 * @param positiveTtl how long a found credential is trusted without a mutation evicting it
 * @param negativeTtl how long an unknown digest is remembered as unknown
 */
public record CacheSettings(long maximumSize, Duration positiveTtl, Duration negativeTtl) {
  public CacheSettings {
    if (maximumSize < 1 || positiveTtl.isNegative() || negativeTtl.isNegative()) {
      throw new IllegalArgumentException("cache bounds must be positive");
    }
  }

  /**
   * These settings with found credentials kept at least {@code duration}: a stale limit longer than
   * the positive TTL would otherwise end early, when entries expire and cannot be reloaded.
   */
  public CacheSettings keepingFoundAtLeast(Duration duration) {
    return positiveTtl.compareTo(duration) >= 0
        ? this
        : new CacheSettings(maximumSize, duration, negativeTtl);
  }

  /** 100,000 entries; found for 5 minutes, unknown for 30 seconds. */
  public static CacheSettings defaults() {
    return new CacheSettings(100_000, Duration.ofMinutes(5), Duration.ofSeconds(30));
  }
}
