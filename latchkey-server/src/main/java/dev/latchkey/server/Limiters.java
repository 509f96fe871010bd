package dev.latchkey.server;

import dev.latchkey.core.limit.FailoverLimiter;
import dev.latchkey.core.limit.Limiter;
import dev.latchkey.core.limit.LocalLimiter;
import dev.latchkey.redis.RedisLimiter;
import java.time.Clock;

/** Builds the rate limiter a node's settings call for. */
final class Limiters {
  private Limiters() {}

  /**
   * In memory when no Redis is set (allowing {@code limit / nodes} per node); otherwise Redis,
   * failing over as {@link LimitSettings#fallback()} says while it cannot be reached.
   */
  static Limiter open(LimitSettings settings, Clock clock) {
    if (settings.redisUrl().isEmpty()) {
      return LocalLimiter.builder(clock).nodes(settings.nodes()).build();
    }
    RedisLimiter redis =
        RedisLimiter.builder(settings.redisUrl().get()).timeout(settings.redisTimeout()).connect();
    return FailoverLimiter.create(redis, settings.fallback(), settings.nodes(), clock);
  }
}
