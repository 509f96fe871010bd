package dev.latchkey.redis;

import dev.latchkey.core.limit.Charge;
import dev.latchkey.core.limit.Counter;
import dev.latchkey.core.limit.CounterState;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.limit.Limiter;
import dev.latchkey.core.limit.LimiterUnavailableException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate counters in Redis, shared by every node: exact across nodes. Thread-safe.
 *
 * <p>One Lua script per charge checks and spends every counter atomically (all or nothing). A
 * counter is a hash {@code {w, n}} at {@code <prefix>{<workspaceId>}:rl:<owner>:<name>:<periodMs>}
 * (prefix {@code lk:}); the hash tag keeps a workspace's counters in one Redis Cluster slot.
 * Windows come from the Redis server's {@code TIME}, one clock for all nodes, and a counter expires
 * one second after its window ends. A refund is a second script that gives back only while the
 * counter is still in the window charged.
 *
 * <p>Failures: a command that fails, times out (250 ms by default) or finds the connection down
 * throws {@link LimiterUnavailableException} at once; the connection reconnects by itself.
 */
public final class RedisLimiter implements Limiter {
  /** The default command timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);

  private static final Logger LOG = LoggerFactory.getLogger(RedisLimiter.class);

  private final Connector connector;
  private final String prefix;
  private final Clock clock;

  private RedisLimiter(Connector connector, String prefix, Clock clock) {
    this.connector = connector;
    this.prefix = prefix;
    this.clock = clock;
  }

  /**
   * A limiter on the Redis at {@code redisUrl} ({@code redis://[:password@]host[:port][/db]}, or
   * {@code rediss://}) with the defaults; see {@link #builder}.
   */
  public static RedisLimiter connect(String redisUrl) {
    return builder(redisUrl).connect();
  }

  /** A builder of a limiter on the Redis at {@code redisUrl}. */
  public static Builder builder(String redisUrl) {
    return new Builder(Objects.requireNonNull(redisUrl, "redisUrl"));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code cost} is outside 0 … {@link Charge#MAX_COST} or a
   *     counter (owner, name, period) is listed twice
   */
  @Override
  public Charge charge(String workspaceId, List<Counter> counters, long cost) {
    String[] keys = keysOf(workspaceId, counters);
    if (cost < 0 || cost > Charge.MAX_COST) {
      throw new IllegalArgumentException("cost out of range: " + cost);
    }
    if (counters.isEmpty()) {
      return Charge.none(workspaceId, cost);
    }
    List<Long> out = run(LimiterScripts.CHARGE, keys, chargeArgs(counters, cost));
    boolean admitted = out.getFirst() == 1;
    List<CounterState> states = new ArrayList<>(counters.size());
    for (int i = 0; i < counters.size(); i++) {
      states.add(state(counters.get(i), out.get(1 + 2 * i), out.get(2 + 2 * i), admitted, cost));
    }
    return new Charge(workspaceId, admitted, cost, states);
  }

  /** {@inheritDoc} A failure is logged at DEBUG and otherwise ignored. */
  @Override
  public void refund(Charge charge) {
    if (!charge.admitted() || charge.cost() == 0 || charge.states().isEmpty()) {
      return;
    }
    List<Counter> counters = charge.states().stream().map(CounterState::counter).toList();
    String[] args = new String[counters.size() + 1];
    args[0] = Long.toString(charge.cost());
    for (int i = 0; i < counters.size(); i++) {
      args[i + 1] = Long.toString(charge.states().get(i).window());
    }
    try {
      run(LimiterScripts.REFUND, keysOf(charge.workspaceId(), counters), args);
    } catch (LimiterUnavailableException e) {
      LOG.debug("Refund not given back: the units stay spent", e);
    }
  }

  @Override
  public void close() {
    connector.close();
  }

  private List<Long> run(LuaScript script, String[] keys, String[] args) {
    try {
      return script.run(connector.redis(), ScriptOutputType.MULTI, keys, args);
    } catch (RedisException e) {
      throw new LimiterUnavailableException("Redis rate limiter failed: " + e.getMessage(), e);
    }
  }

  private String[] chargeArgs(List<Counter> counters, long cost) {
    String[] args = new String[2 + 2 * counters.size()];
    args[0] = Long.toString(cost);
    args[1] = clock == null ? "" : Long.toString(clock.millis());
    for (int i = 0; i < counters.size(); i++) {
      LimitRule rule = counters.get(i).rule();
      args[2 + 2 * i] = Long.toString(rule.limit());
      args[3 + 2 * i] = Long.toString(rule.periodMillis());
    }
    return args;
  }

  private static CounterState state(
      Counter counter, long window, long spent, boolean admitted, long cost) {
    LimitRule rule = counter.rule();
    boolean exceeded = !admitted && spent + Math.max(cost, 1) > rule.limit();
    Instant reset = Instant.ofEpochMilli(rule.windowEndMillis(window));
    return new CounterState(counter, window, Math.max(0, rule.limit() - spent), reset, exceeded);
  }

  private String[] keysOf(String workspaceId, List<Counter> counters) {
    Objects.requireNonNull(workspaceId, "workspaceId");
    String[] keys = counters.stream().map(c -> keyOf(workspaceId, c)).toArray(String[]::new);
    if (new HashSet<>(List.of(keys)).size() != keys.length) {
      throw new IllegalArgumentException("a counter is listed twice");
    }
    return keys;
  }

  /** {@code <prefix>{<workspaceId>}:rl:<owner>:<name>:<periodMillis>}. */
  private String keyOf(String workspaceId, Counter counter) {
    LimitRule rule = counter.rule();
    String id = String.join(":", counter.owner(), rule.name(), Long.toString(rule.periodMillis()));
    return prefix + "{" + workspaceId + "}:rl:" + id;
  }

  /** Builds a {@link RedisLimiter}. */
  public static final class Builder {
    private final String redisUrl;
    private Duration timeout = DEFAULT_TIMEOUT;
    private String keyPrefix = "lk:";
    private Clock clock;
    private java.util.Optional<java.util.function.Supplier<dev.latchkey.core.provider.ServerSecret>>
        password = java.util.Optional.empty();

    private Builder(String redisUrl) {
      this.redisUrl = redisUrl;
    }

    /** How long a command may take before it fails (default 250 ms); also the connect timeout. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /** What every key starts with (default {@code lk:}); tests use one of their own. */
    public Builder keyPrefix(String keyPrefix) {
      if (keyPrefix.isEmpty() || keyPrefix.contains("{") || keyPrefix.contains("}")) {
        throw new IllegalArgumentException("a key prefix is non-empty, without braces");
      }
      this.keyPrefix = keyPrefix;
      return this;
    }

    /**
     * Authenticates with {@code password} instead of the URL's (keeping the URL's user name, if
     * any). It is asked each time a connection is made, so a rotated password is used from the next
     * reconnection on; it must be fast and thread-safe.
     */
    public Builder password(
        java.util.function.Supplier<dev.latchkey.core.provider.ServerSecret> password) {
      this.password = java.util.Optional.of(password);
      return this;
    }

    /**
     * Windows from {@code clock} instead of the Redis server's {@code TIME}: for tests with a fake
     * clock. Nodes with different clocks would not agree on windows.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The limiter. Connects now if Redis answers; if not, connects on first use (retried at most
     * once a second, failing with {@link LimiterUnavailableException} meanwhile).
     *
     * @throws IllegalArgumentException when the URL cannot be parsed
     */
    public RedisLimiter connect() {
      Connector connector = new Connector(redisUrl, timeout, password);
      RedisLimiter limiter = new RedisLimiter(connector, keyPrefix, clock);
      try {
        connector.redis();
      } catch (LimiterUnavailableException e) {
        LOG.warn("Redis not reachable yet ({}); will connect on first use", e.getMessage());
      }
      return limiter;
    }
  }
}
