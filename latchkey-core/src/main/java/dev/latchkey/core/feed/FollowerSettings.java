package dev.latchkey.core.feed;

import java.time.Duration;

/**
 * How a node follows the change feed.
 *
 * @param pollInterval how often it reads the feed when no notification woke it: the safety net that
 *     bounds propagation when notifications are lost
 * @param staleMax how long cached credentials may still be trusted once the feed cannot be read
 *     (the store is unreachable); past it, every verification goes to the store, and fails closed
 */
public record FollowerSettings(Duration pollInterval, Duration staleMax) {
  public FollowerSettings {
    if (pollInterval.isNegative() || pollInterval.isZero() || staleMax.isNegative()) {
      throw new IllegalArgumentException("poll interval must be positive, stale max not negative");
    }
  }

  /** Poll every 200 ms; trust the cache for 5 minutes without the feed. */
  public static FollowerSettings defaults() {
    return new FollowerSettings(Duration.ofMillis(200), Duration.ofMinutes(5));
  }
}
