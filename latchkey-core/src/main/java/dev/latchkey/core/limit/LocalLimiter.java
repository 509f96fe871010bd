package dev.latchkey.core.limit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Rate counters in this JVM's memory: exact for one node, and the per-node fallback of a {@link
 * FailoverLimiter}. Thread-safe.
 *
 * <p><b>Counting.</b> Each counter holds the window it was last charged in and what that window
 * spent; the window comes from the injected {@link Clock} (never stepping back), so the
 * fixed-window model of {@code docs/limits.md} holds by construction. Bucket4j was tried first, as
 * a bucket of capacity L refilled intervally by L at epoch-aligned boundaries over a {@code
 * TimeMeter} on the clock. It is exact at window boundaries for a fixed L, but not when a limit
 * changes inside a window: its tokens cannot say what a window spent beyond a lowered L (they
 * cannot go negative without breaking the refill to exactly L at the next boundary), so lowering L
 * from 10 to 5 after 6 units and raising it to 20 let 21 units through. It also needed the window
 * kept beside it for refunds, rejects a cost of 0, and took about 300 bytes a bucket against 32 for
 * a counter here.
 *
 * <p><b>All or nothing.</b> A charge checks every counter, then spends on every one, under the lock
 * of its workspace's stripe (one of 64): charges of one workspace are serialised, charges of
 * different workspaces mostly are not. On two cores one lock for all measured the same (about 0.3
 * µs a charge from 8 threads); stripes are kept so that more cores are not held to one critical
 * section (not measured there).
 *
 * <p><b>Memory.</b> At most {@code maxCounters} live counters. A counter is dropped at the end of
 * the last window it was used in (freed within about a second after), which is exact: a later
 * window has spent nothing. A charge that needs a new counter beyond the bound is denied, its new
 * counters marked exceeded with nothing remaining, and an ERROR is logged at most once a minute: a
 * live counter is never evicted, since forgetting what a window spent would admit more than its
 * limit.
 */
public final class LocalLimiter implements Limiter {
  /** The default bound on live counters. */
  public static final long DEFAULT_MAX_COUNTERS = 1_000_000;

  private static final int STRIPES = 64;

  private final MonotonicMillis time;
  private final CounterTable table;
  private final int nodes;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  private LocalLimiter(Clock clock, long maxCounters, int nodes) {
    this.time = new MonotonicMillis(clock);
    this.table = new CounterTable(maxCounters, time);
    this.nodes = nodes;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** A limiter enforcing whole limits, with the default bound on counters. */
  public static LocalLimiter create(Clock clock) {
    return builder(clock).build();
  }

  /** A builder of a limiter timed by {@code clock}. */
  public static Builder builder(Clock clock) {
    return new Builder(Objects.requireNonNull(clock, "clock"));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code cost} is outside 0 … {@link Charge#MAX_COST} or a
   *     counter (owner, name, period) is listed twice
   */
  @Override
  public Charge charge(String workspaceId, List<Counter> counters, long cost) {
    List<CounterKey> keys = keysOf(workspaceId, counters, cost);
    if (counters.isEmpty()) {
      return Charge.none(workspaceId, cost);
    }
    ReentrantLock lock = lockOf(workspaceId);
    lock.lock();
    try {
      return chargeLocked(workspaceId, counters, keys, cost);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void refund(Charge charge) {
    if (!charge.admitted() || charge.cost() == 0 || charge.states().isEmpty()) {
      return;
    }
    ReentrantLock lock = lockOf(charge.workspaceId());
    lock.lock();
    try {
      for (CounterState state : charge.states()) {
        LocalCounter live = table.findOrNull(CounterKey.of(charge.workspaceId(), state.counter()));
        if (live != null) {
          live.giveBack(state.window(), charge.cost());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many counters are live now (idle ones expired first): for tests and metrics. */
  public long liveCounters() {
    return table.size();
  }

  /** Nothing to release: the counters are garbage once the limiter is. */
  @Override
  public void close() {}

  private long limitOf(LimitRule rule) {
    // Rounded down, never up: a limit smaller than the node count leaves a node counting alone
    // nothing to admit, rather than letting the nodes together pass the limit.
    return nodes == 1 ? rule.limit() : rule.limit() / nodes;
  }

  private Charge chargeLocked(
      String workspaceId, List<Counter> counters, List<CounterKey> keys, long cost) {
    long now = time.millis();
    List<Reading> readings = readAll(counters, keys, now);
    // The table expires counters by its own reading of the clock, taken after ours: had a window
    // ended in between, a counter of the window we computed could read as absent (nothing spent)
    // and be replaced by a fresh one. Read again until no window ended during the reads.
    for (long after = time.millis(); !sameWindows(counters, now, after); after = time.millis()) {
      now = after;
      readings = readAll(counters, keys, now);
    }
    long need = Math.max(cost, 1);
    boolean admitted = readings.stream().allMatch(r -> r.available() >= need);
    if (!admitted || cost == 0) {
      return outcome(workspaceId, admitted, cost, now, readings, Set.of());
    }
    Map<CounterKey, LocalCounter> added = newCounters(readings);
    if (!table.addAll(added)) {
      return outcome(workspaceId, false, cost, now, readings, added.keySet());
    }
    for (Reading r : readings) {
      (r.live() != null ? r.live() : added.get(r.key())).take(r.window(), cost);
    }
    return outcome(workspaceId, true, cost, now, readings, Set.of());
  }

  private List<Reading> readAll(List<Counter> counters, List<CounterKey> keys, long now) {
    List<Reading> readings = new ArrayList<>(counters.size());
    for (int i = 0; i < counters.size(); i++) {
      readings.add(read(counters.get(i), keys.get(i), now));
    }
    return readings;
  }

  private static boolean sameWindows(List<Counter> counters, long before, long after) {
    for (Counter c : counters) {
      if (c.rule().windowAt(before) != c.rule().windowAt(after)) {
        return false;
      }
    }
    return true;
  }

  private Reading read(Counter counter, CounterKey key, long now) {
    long window = counter.rule().windowAt(now);
    LocalCounter live = table.findOrNull(key);
    long spent = live == null ? 0 : live.spentIn(window);
    return new Reading(counter, key, live, window, limitOf(counter.rule()) - spent);
  }

  private static Map<CounterKey, LocalCounter> newCounters(List<Reading> readings) {
    Map<CounterKey, LocalCounter> added = new HashMap<>();
    for (Reading r : readings) {
      if (r.live() == null) {
        added.put(r.key(), new LocalCounter(r.window()));
      }
    }
    return added;
  }

  /**
   * The charge's answer. A denied charge shows what each counter has now; the counters {@code
   * unplaced} for want of room show nothing remaining and denied it.
   */
  private static Charge outcome(
      String workspaceId,
      boolean admitted,
      long cost,
      long now,
      List<Reading> readings,
      Set<CounterKey> unplaced) {
    long need = Math.max(cost, 1);
    List<CounterState> states = new ArrayList<>(readings.size());
    for (Reading r : readings) {
      boolean full = unplaced.contains(r.key());
      boolean exceeded = !admitted && (full || r.available() < need);
      long remaining = admitted ? r.available() - cost : full ? 0 : r.available();
      states.add(state(r.counter(), now, remaining, exceeded));
    }
    return new Charge(workspaceId, admitted, cost, states);
  }

  private static CounterState state(Counter counter, long now, long remaining, boolean exceeded) {
    LimitRule rule = counter.rule();
    long window = rule.windowAt(now);
    Instant reset = Instant.ofEpochMilli(rule.windowEndMillis(window));
    return new CounterState(counter, window, Math.max(0, remaining), reset, exceeded);
  }

  /** Checks a charge's arguments (see {@link #charge}, shared with the failover); its keys. */
  static List<CounterKey> keysOf(String workspaceId, List<Counter> counters, long cost) {
    Objects.requireNonNull(workspaceId, "workspaceId");
    if (cost < 0 || cost > Charge.MAX_COST) {
      throw new IllegalArgumentException("cost out of range: " + cost);
    }
    List<CounterKey> keys = counters.stream().map(c -> CounterKey.of(workspaceId, c)).toList();
    if (keys.stream().distinct().count() != keys.size()) {
      throw new IllegalArgumentException("a counter is listed twice");
    }
    return keys;
  }

  private ReentrantLock lockOf(String workspaceId) {
    return locks[Math.floorMod(workspaceId.hashCode() * 0x9E3779B9, STRIPES)];
  }

  /** A counter as read before a charge: its live state (null: none yet) and what is left. */
  private record Reading(
      Counter counter, CounterKey key, LocalCounter live, long window, long available) {}

  /** Builds a {@link LocalLimiter}. */
  public static final class Builder {
    private final Clock clock;
    private long maxCounters = DEFAULT_MAX_COUNTERS;
    private int nodes = 1;

    private Builder(Clock clock) {
      this.clock = clock;
    }

    /** At most this many live counters (default {@value #DEFAULT_MAX_COUNTERS}). */
    public Builder maxCounters(long maxCounters) {
      if (maxCounters < 1) {
        throw new IllegalArgumentException("maxCounters must be positive");
      }
      this.maxCounters = maxCounters;
      return this;
    }

    /**
     * Enforce this node's share of each limit L, {@code floor(L / nodes)}: the per-node fallback
     * when the counters shared by {@code nodes} nodes cannot be reached (default 1: whole limits).
     */
    public Builder nodes(int nodes) {
      if (nodes < 1) {
        throw new IllegalArgumentException("nodes must be positive");
      }
      this.nodes = nodes;
      return this;
    }

    /** The limiter, with no counters yet. */
    public LocalLimiter build() {
      return new LocalLimiter(clock, maxCounters, nodes);
    }
  }
}
