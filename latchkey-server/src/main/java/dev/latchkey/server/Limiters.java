package dev.latchkey.server;

import dev.latchkey.core.limit.Charge;
import dev.latchkey.core.limit.Counter;
import dev.latchkey.core.limit.FailoverLimiter;
import dev.latchkey.core.limit.FallbackMode;
import dev.latchkey.core.limit.Limiter;
import dev.latchkey.core.limit.LocalLimiter;
import dev.latchkey.redis.RedisLimiter;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate limiters of a node, built as its settings say: one for the limits of keys and consumers,
 * one for standalone checks ({@code /v1/ratelimits:check}). They are kept apart so that a flood of
 * standalone identifiers (any caller with {@code ratelimits.check} can invent them) can never fill
 * the table that key limits need; with Redis they share its connection.
 */
final class Limiters implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Limiters.class);

  /** Live in-memory counters of standalone checks, apart from the million of key limits. */
  static final long STANDALONE_COUNTERS = 200_000;

  final Limiter keys;
  final Limiter standalone;
  private final RedisLimiter redis;

  private Limiters(Limiter keys, Limiter standalone, RedisLimiter redis) {
    this.keys = keys;
    this.standalone = standalone;
    this.redis = redis;
  }

  /**
   * In memory when no Redis is set (allowing {@code limit / nodes} per node); otherwise Redis,
   * failing over as {@link LimitSettings#fallback()} says while it cannot be reached.
   */
  static Limiters open(
      LimitSettings settings,
      Clock clock,
      java.util.Optional<dev.latchkey.core.provider.ResolvedSecret> redisPassword) {
    if (settings.redisUrl().isEmpty()) {
      return new Limiters(
          LocalLimiter.builder(clock).nodes(settings.nodes()).build(),
          LocalLimiter.builder(clock)
              .nodes(settings.nodes())
              .maxCounters(STANDALONE_COUNTERS)
              .build(),
          null);
    }
    if (settings.fallback() == FallbackMode.LOCAL && settings.nodes() == 1) {
      LOG.warn(
          "Redis is set with the local fallback but --cluster-nodes is 1: while Redis is"
              + " unreachable every node would admit a whole limit; set LATCHKEY_CLUSTER_NODES to"
              + " the number of nodes");
    }
    RedisLimiter.Builder builder =
        RedisLimiter.builder(settings.redisUrl().get()).timeout(settings.redisTimeout());
    redisPassword.ifPresent(p -> builder.password(p::current));
    RedisLimiter redis = builder.connect();
    return new Limiters(
        FailoverLimiter.create(shared(redis), settings.fallback(), settings.nodes(), clock),
        FailoverLimiter.create(
            shared(redis), settings.fallback(), settings.nodes(), STANDALONE_COUNTERS, clock),
        redis);
  }

  /** {@code memory} without Redis; with it {@code redis}, or {@code fallback} while unreachable. */
  String state() {
    if (redis == null) {
      return "memory";
    }
    return keys instanceof FailoverLimiter f && f.degraded() ? "fallback" : "redis";
  }

  @Override
  public void close() {
    try {
      keys.close();
      standalone.close();
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  /** {@code redis} for a failover that must not close it: both failovers share it. */
  private static Limiter shared(RedisLimiter redis) {
    return new Limiter() {
      @Override
      public Charge charge(String workspaceId, List<Counter> counters, long cost) {
        return redis.charge(workspaceId, counters, cost);
      }

      @Override
      public void refund(Charge charge) {
        redis.refund(charge);
      }

      @Override
      public void close() {
        // closed once, by Limiters.close
      }
    };
  }
}
