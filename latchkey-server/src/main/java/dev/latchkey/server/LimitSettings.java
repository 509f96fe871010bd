package dev.latchkey.server;

import dev.latchkey.core.limit.FallbackMode;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a node counts rate limits.
 *
 * @param redisUrl Redis shared by the cluster ({@code redis://…}); empty: each node counts in
 *     memory
 * @param fallback what rate limits do while Redis cannot be reached
 * @param nodes how many nodes share the load: a node counting alone (no Redis, or Redis down with
 *     {@link FallbackMode#LOCAL}) allows {@code limit / nodes} (rounded down) per window, so that
 *     the cluster as a whole stays within the limit
 * @param redisTimeout how long one Redis command may take before it counts as a failure
 */
public record LimitSettings(
    Optional<String> redisUrl, FallbackMode fallback, int nodes, Duration redisTimeout) {
  public LimitSettings {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be at least 1");
    }
  }

  /** In memory, one node, Redis (once set) failing over to per-node limits within 250 ms. */
  public static LimitSettings defaults() {
    return new LimitSettings(Optional.empty(), FallbackMode.LOCAL, 1, Duration.ofMillis(250));
  }

  public LimitSettings withRedisUrl(String url) {
    return new LimitSettings(Optional.of(url), fallback, nodes, redisTimeout);
  }

  public LimitSettings withFallback(FallbackMode mode) {
    return new LimitSettings(redisUrl, mode, nodes, redisTimeout);
  }

  public LimitSettings withNodes(int count) {
    return new LimitSettings(redisUrl, fallback, count, redisTimeout);
  }
}
