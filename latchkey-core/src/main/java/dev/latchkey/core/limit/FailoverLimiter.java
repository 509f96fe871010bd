package dev.latchkey.core.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared limiter (Redis) with a fallback for when it cannot be reached, chosen by {@link
 * FallbackMode}: per-node local limits, or denial. Thread-safe.
 *
 * <p>When the primary throws {@link LimiterUnavailableException} the limiter turns {@link
 * #degraded()}, logs one ERROR, and answers from the fallback. While degraded it tries the primary
 * again at most once a second (by the injected clock), not on every request; the first answer from
 * it ends the degradation with one INFO. What a window spent locally and in the primary is not
 * added up across a transition, so a window that spans one may admit up to a node's share more.
 *
 * <p>Refunds go where the charge was counted: charges admitted by the fallback are remembered
 * (weakly, by identity) until refunded or dropped by the caller; a refund of the primary's charge
 * while it is unreachable is skipped, which can only under-admit.
 */
public final class FailoverLimiter implements Limiter {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverLimiter.class);
  private static final long PROBE_INTERVAL_MILLIS = 1_000;

  private final Limiter primary;
  private final FallbackMode mode;
  private final int nodes;
  private final LocalLimiter local;
  private final Clock clock;
  private final AtomicBoolean degraded = new AtomicBoolean();
  private final AtomicLong nextProbe = new AtomicLong();
  private final Cache<Charge, Boolean> localCharges = Caffeine.newBuilder().weakKeys().build();

  private FailoverLimiter(
      Limiter primary, FallbackMode mode, int nodes, long maxCounters, Clock clock) {
    this.primary = Objects.requireNonNull(primary, "primary");
    this.mode = Objects.requireNonNull(mode, "mode");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be positive");
    }
    this.nodes = nodes;
    this.local = LocalLimiter.builder(clock).nodes(nodes).maxCounters(maxCounters).build();
  }

  /**
   * Wraps {@code primary}; in {@link FallbackMode#LOCAL} each of the {@code nodes} nodes counts
   * {@code L / nodes rounded down} of each limit while the primary is down.
   */
  public static FailoverLimiter create(Limiter primary, FallbackMode mode, int nodes, Clock clock) {
    return create(primary, mode, nodes, LocalLimiter.DEFAULT_MAX_COUNTERS, clock);
  }

  /** As {@link #create(Limiter, FallbackMode, int, Clock)}, at most {@code maxCounters} locally. */
  public static FailoverLimiter create(
      Limiter primary, FallbackMode mode, int nodes, long maxCounters, Clock clock) {
    return new FailoverLimiter(primary, mode, nodes, maxCounters, clock);
  }

  /**
   * Whether the primary was unreachable at the last attempt: charges are answered by the fallback.
   */
  public boolean degraded() {
    return degraded.get();
  }

  /** What this limiter does while the primary is unreachable. */
  public FallbackMode mode() {
    return mode;
  }

  /** {@inheritDoc} Never throws {@link LimiterUnavailableException}. */
  @Override
  public Charge charge(String workspaceId, List<Counter> counters, long cost) {
    LocalLimiter.keysOf(workspaceId, counters, cost);
    if (degraded.get() && !probeDue()) {
      return fallback(workspaceId, counters, cost);
    }
    try {
      Charge charge = primary.charge(workspaceId, counters, cost);
      if (degraded.compareAndSet(true, false)) {
        LOG.info("Rate limiter reachable again: limits are shared by all nodes again");
      }
      return charge;
    } catch (LimiterUnavailableException e) {
      wentDown(e);
      return fallback(workspaceId, counters, cost);
    }
  }

  @Override
  public void refund(Charge charge) {
    if (localCharges.asMap().remove(charge) != null) {
      local.refund(charge);
    } else if (!degraded.get()) {
      try {
        primary.refund(charge);
      } catch (LimiterUnavailableException e) {
        // Best effort by contract: the units stay spent, which can only under-admit.
      }
    }
  }

  @Override
  public void close() {
    try {
      primary.close();
    } finally {
      local.close();
    }
  }

  private boolean probeDue() {
    long now = clock.millis();
    long due = nextProbe.get();
    return now >= due && nextProbe.compareAndSet(due, now + PROBE_INTERVAL_MILLIS);
  }

  private void wentDown(LimiterUnavailableException e) {
    nextProbe.set(clock.millis() + PROBE_INTERVAL_MILLIS);
    if (degraded.compareAndSet(false, true)) {
      String now =
          mode == FallbackMode.LOCAL
              ? "rate limits now enforced per node, each limit L as L/" + nodes + " rounded down"
              : "requests with a rate limit are now denied";
      LOG.error("Rate limiter unreachable ({}); {} until it is back", e.getMessage(), now, e);
    }
  }

  private Charge fallback(String workspaceId, List<Counter> counters, long cost) {
    if (mode == FallbackMode.CLOSED) {
      return denyAll(workspaceId, counters, cost);
    }
    Charge charge = local.charge(workspaceId, counters, cost);
    if (charge.admitted() && cost > 0 && !counters.isEmpty()) {
      localCharges.put(charge, Boolean.TRUE);
    }
    return charge;
  }

  private Charge denyAll(String workspaceId, List<Counter> counters, long cost) {
    long now = clock.millis();
    Instant retry = Instant.ofEpochMilli(now + PROBE_INTERVAL_MILLIS);
    List<CounterState> states =
        counters.stream()
            .map(c -> new CounterState(c, c.rule().windowAt(now), 0, retry, true))
            .toList();
    return new Charge(workspaceId, states.isEmpty(), cost, states);
  }
}
