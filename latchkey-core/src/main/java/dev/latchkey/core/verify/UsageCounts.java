package dev.latchkey.core.verify;

import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.access.condition.AddressRanges;
import dev.latchkey.core.store.KeyLastUse;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.UsageCountRow;
import dev.latchkey.core.store.UsageGranularity;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts verifications by workspace, key (or none), service, outcome and UTC minute, and remembers
 * each key's last use and client address; writes both to the store in one batch per {@link
 * #flush()}, which the server calls every second.
 *
 * <p>Design: one {@link Counter} per key id (ids are unique across workspaces, and a key never
 * changes workspace or service), and one per workspace for verifications that named no key of it. A
 * counter holds the current minute's {@link LongAdder}s by outcome, created when first needed.
 * Recording a verification of a key seen before (the common case) is one hash lookup by the key's
 * id, which allocates nothing, a comparison of minutes and one {@code LongAdder} increment; at most
 * once a second per key it also moves the key's last use. When the minute changes, the counter
 * moves to a new minute and keeps the old one until a flush has written it.
 *
 * <p>Flushing writes, for every minute held, what was added since it was last written, so counts
 * are added to the store's rows exactly once however the flushes and the recording interleave. A
 * crash loses what was recorded since the last successful flush: at most a second plus the flush's
 * own time while the store answers. A flush that fails keeps everything for the next one.
 *
 * <p>Memory is bounded: at most {@link #MAX_COUNTERS} counters and {@link #MAX_MINUTES} minutes
 * held in all (a store that stays down makes minutes pile up). Beyond either bound verifications
 * are not counted; the drops are counted and the next flush logs their number (no key material).
 *
 * <p>Thread-safe. Recording never blocks on the store and never throws; flushes are serialised.
 */
public final class UsageCounts {
  /** Most counters (keys, and workspaces for verifications naming no key) held at once. */
  public static final int MAX_COUNTERS = 100_000;

  /** Most minutes held at once, over all counters, written or waiting to be. */
  public static final int MAX_MINUTES = 400_000;

  /** How often, at most, a key's last use moves: it is at most this much older than the truth. */
  public static final long LAST_USE_RESOLUTION_MILLIS = 1_000;

  /**
   * How long a minute is kept after it was closed and written, so that a verification that read it
   * just before it was closed still lands in a minute that a flush will write.
   */
  static final long CLOSED_KEPT_MILLIS = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger(UsageCounts.class);
  private static final long MINUTE = UsageGranularity.MINUTE.millis();
  private static final VerifyCode[] CODES = VerifyCode.values();

  /** The counts of one counter in one minute, by outcome ordinal. */
  private static final class Minute {
    final long start;
    final AtomicReferenceArray<LongAdder> counts = new AtomicReferenceArray<>(CODES.length);

    /** What the store holds of each count; read and written by flushes only. */
    final long[] written = new long[CODES.length];

    /** When it stopped being current (epoch ms), 0 while current; written by flushes only. */
    long closedAt;

    Minute(long start) {
      this.start = start;
    }

    void add(int outcome) {
      LongAdder adder = counts.get(outcome);
      if (adder == null) {
        counts.compareAndSet(outcome, null, new LongAdder());
        adder = counts.get(outcome);
      }
      adder.increment();
    }
  }

  /** Everything recorded of one key (or of a workspace's verifications naming no key). */
  private static final class Counter {
    final String workspaceId;
    final String keyId;
    final String serviceId;
    volatile Minute current;

    /** Minutes no longer current and not yet forgotten; guarded by {@code this}. */
    final List<Minute> closed = new ArrayList<>(2);

    volatile long lastUsedAt;
    volatile String lastAddress;

    /** The last use the store holds; read and written by flushes only. */
    long writtenUsedAt;

    Counter(String workspaceId, String keyId, String serviceId, Minute first) {
      this.workspaceId = workspaceId;
      this.keyId = keyId;
      this.serviceId = serviceId;
      this.current = first;
    }

    /** Moves the last use to {@code now}, at most once a resolution. Hot path: no allocation. */
    void used(long now, String address) {
      if (now - lastUsedAt >= LAST_USE_RESOLUTION_MILLIS) {
        lastAddress = address;
        lastUsedAt = now; // written last: a flush that sees the time sees its address
      }
    }

    synchronized List<Minute> minutes() {
      List<Minute> all = new ArrayList<>(closed.size() + 1);
      all.addAll(closed);
      all.add(current);
      return all;
    }
  }

  /** Where a flush took a count from, to mark it written once the store has it. */
  private record Taken(Minute minute, int outcome, long sum) {}

  private record TakenUse(Counter counter, long at) {}

  private static final Comparator<UsageCountRow> ROW_ORDER =
      Comparator.comparingLong(UsageCountRow::bucketStart)
          .thenComparing(UsageCountRow::workspaceId)
          .thenComparing(UsageCountRow::keyId)
          .thenComparing(UsageCountRow::serviceId)
          .thenComparing(UsageCountRow::outcome);

  private final ConcurrentHashMap<String, Counter> byKey = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> noKeyByWorkspace = new ConcurrentHashMap<>();

  /** Counters removed as idle while a verification recorded into them, and replaced meanwhile. */
  private final ConcurrentHashMap<String, Counter> orphans = new ConcurrentHashMap<>();

  private final AtomicInteger minutesHeld = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final Store store;
  private final Clock clock;
  private volatile boolean enabled = true;

  /** The clock's time at the last {@link #tick()}; {@link #UNTICKED} until the first. */
  private volatile long ticked = UNTICKED;

  private static final long UNTICKED = Long.MIN_VALUE;

  public UsageCounts(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Reads the clock for the verifications recorded until the next tick. A node ticks every {@link
   * #TICK_MILLIS}: reading the clock on every verification was measured to cost about as much as
   * all of counting (35 ns on the machines here), more than the budget allows. Until the first
   * tick, every verification reads the clock.
   */
  public void tick() {
    ticked = clock.millis();
  }

  /** How often a node calls {@link #tick()}: counts land in a minute at most this late. */
  public static final long TICK_MILLIS = 100;

  /**
   * Counts one verification now: at the last {@link #tick()}, or the clock's time when there was
   * none. As {@link #record(String, String, String, VerifyCode, String, long)}.
   */
  public void record(
      String workspaceId, String keyId, String serviceId, VerifyCode outcome, String address) {
    record(workspaceId, keyId, serviceId, outcome, address, now());
  }

  /** The time verifications are recorded at: the last {@link #tick()}, or the clock's. */
  public long now() {
    long now = ticked;
    return now == UNTICKED ? clock.millis() : now;
  }

  /**
   * Turns counting on or off (on by default); off, {@link #record} returns at once. For measuring
   * what counting costs.
   */
  public void enable(boolean on) {
    this.enabled = on;
  }

  /**
   * Counts one verification at {@code nowMillis}. Hot path: cheap, never blocks, never throws.
   *
   * @param keyId the key verified, of {@code workspaceId}; null when the secret named no key of it
   * @param serviceId the key's service; ignored when {@code keyId} is null
   * @param address the client's address as the request gave it, or null; checked when written, off
   *     the hot path (what is no IP literal is not stored)
   */
  public void record(
      String workspaceId,
      String keyId,
      String serviceId,
      VerifyCode outcome,
      String address,
      long nowMillis) {
    if (!enabled || workspaceId == null || outcome == null) {
      return;
    }
    Counter counter = keyId == null ? noKeyByWorkspace.get(workspaceId) : byKey.get(keyId);
    long minute = nowMillis - Math.floorMod(nowMillis, MINUTE);
    if (counter == null) {
      counter = admit(workspaceId, keyId, serviceId, minute);
      if (counter == null) {
        dropped.increment();
        return;
      }
    }
    Minute current = counter.current;
    if (current.start != minute) {
      current = roll(counter, minute);
      if (current == null) {
        dropped.increment();
        return;
      }
    }
    current.add(outcome.ordinal());
    if (keyId != null) {
      counter.used(nowMillis, address);
    }
  }

  private Counter admit(String workspaceId, String keyId, String serviceId, long minute) {
    if (byKey.size() + noKeyByWorkspace.size() >= MAX_COUNTERS || !reserveMinute()) {
      return null;
    }
    Counter fresh =
        keyId == null
            ? new Counter(
                workspaceId, UsageCountRow.NO_KEY, UsageCountRow.NO_KEY, new Minute(minute))
            : new Counter(
                workspaceId,
                keyId,
                serviceId == null ? UsageCountRow.NO_KEY : serviceId,
                new Minute(minute));
    Counter raced =
        keyId == null
            ? noKeyByWorkspace.putIfAbsent(workspaceId, fresh)
            : byKey.putIfAbsent(keyId, fresh);
    if (raced != null) {
      minutesHeld.decrementAndGet();
      return raced;
    }
    return fresh;
  }

  private boolean reserveMinute() {
    if (minutesHeld.incrementAndGet() > MAX_MINUTES) {
      minutesHeld.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Makes {@code minute} the counter's current one (or returns it, if another thread did). */
  private Minute roll(Counter counter, long minute) {
    synchronized (counter) {
      Minute current = counter.current;
      if (current.start == minute) {
        return current;
      }
      for (Minute m : counter.closed) {
        if (m.start == minute) { // the clock went back to a minute still held
          counter.closed.remove(m);
          counter.closed.add(current);
          counter.current = m;
          return m;
        }
      }
      if (!reserveMinute()) {
        return null;
      }
      Minute next = new Minute(minute);
      counter.closed.add(current);
      counter.current = next;
      return next;
    }
  }

  /**
   * Writes what was recorded since the last flush, in one batch: the counts added to each minute
   * since it was last written, and the last uses that moved. Then forgets minutes and counters that
   * are written and idle. Called every second by the server and once more at shutdown.
   *
   * @throws dev.latchkey.core.store.StoreException when the store fails; nothing is marked written,
   *     so the next flush writes it all
   */
  public void flush() {
    tick();
    flush(clock.millis());
  }

  /** As {@link #flush()}, at {@code nowMillis}. */
  public synchronized void flush(long nowMillis) {
    logDrops();
    List<UsageCountRow> rows = new ArrayList<>();
    List<Taken> taken = new ArrayList<>();
    List<KeyLastUse> uses = new ArrayList<>();
    List<TakenUse> takenUses = new ArrayList<>();
    collect(byKey, rows, taken, uses, takenUses);
    collect(noKeyByWorkspace, rows, taken, uses, takenUses);
    collect(orphans, rows, taken, uses, takenUses);
    if (!rows.isEmpty() || !uses.isEmpty()) {
      // Sorted: nodes upsert the same rows in the same order, so two flushes cannot deadlock.
      rows.sort(ROW_ORDER);
      uses.sort(Comparator.comparing(KeyLastUse::keyId));
      store.recordUsage(rows, uses);
      taken.forEach(t -> t.minute().written[t.outcome()] = t.sum());
      takenUses.forEach(t -> t.counter().writtenUsedAt = t.at());
    }
    forgetSettled(byKey, nowMillis);
    forgetSettled(noKeyByWorkspace, nowMillis);
    orphans
        .values()
        .removeIf(
            c -> {
              List<Minute> held = c.minutes();
              boolean done =
                  c.lastUsedAt == c.writtenUsedAt && held.stream().allMatch(UsageCounts::settled);
              if (done) {
                minutesHeld.addAndGet(-held.size());
              }
              return done;
            });
  }

  private static void collect(
      ConcurrentHashMap<String, Counter> counters,
      List<UsageCountRow> rows,
      List<Taken> taken,
      List<KeyLastUse> uses,
      List<TakenUse> takenUses) {
    for (Counter c : counters.values()) {
      for (Minute m : c.minutes()) {
        for (int i = 0; i < CODES.length; i++) {
          LongAdder adder = m.counts.get(i);
          long sum = adder == null ? 0 : adder.sum();
          if (sum > m.written[i]) {
            rows.add(
                new UsageCountRow(
                    c.workspaceId,
                    UsageGranularity.MINUTE,
                    m.start,
                    c.keyId,
                    c.serviceId,
                    CODES[i].name(),
                    sum - m.written[i]));
            taken.add(new Taken(m, i, sum));
          }
        }
      }
      long usedAt = c.lastUsedAt;
      if (usedAt > c.writtenUsedAt) {
        uses.add(
            new KeyLastUse(
                c.workspaceId, c.keyId, Instant.ofEpochMilli(usedAt), address(c.lastAddress)));
        takenUses.add(new TakenUse(c, usedAt));
      }
    }
  }

  /** The address if it is an IP literal: a client's header can hold anything, a key included. */
  private static Optional<String> address(String given) {
    return given != null && AddressRanges.isAddress(given) ? Optional.of(given) : Optional.empty();
  }

  /**
   * Forgets minutes closed and written for {@link #CLOSED_KEPT_MILLIS}, and counters whose minutes
   * are all written and whose current minute ended more than {@code CLOSED_KEPT_MILLIS} ago. A
   * counter removed while a verification was recording into it is put back, not lost.
   */
  private void forgetSettled(ConcurrentHashMap<String, Counter> counters, long now) {
    for (var e : counters.entrySet()) {
      Counter c = e.getValue();
      synchronized (c) {
        for (Iterator<Minute> it = c.closed.iterator(); it.hasNext(); ) {
          Minute m = it.next();
          if (m.closedAt == 0) {
            m.closedAt = now;
          }
          if (now - m.closedAt >= CLOSED_KEPT_MILLIS && settled(m)) {
            it.remove();
            minutesHeld.decrementAndGet();
          }
        }
      }
      Minute current = c.current;
      boolean idle =
          current.start + MINUTE + CLOSED_KEPT_MILLIS <= now
              && settled(current)
              && c.lastUsedAt == c.writtenUsedAt;
      if (idle && c.minutes().size() == 1 && counters.remove(e.getKey(), c)) {
        if (!settled(c.current) || c.lastUsedAt != c.writtenUsedAt) {
          // Recorded into while being removed: keep it, or if replaced meanwhile, write it still.
          if (counters.putIfAbsent(e.getKey(), c) != null) {
            orphans.put(e.getKey() + "#" + System.identityHashCode(c), c);
          }
        } else {
          minutesHeld.decrementAndGet();
        }
      }
    }
  }

  private static boolean settled(Minute m) {
    for (int i = 0; i < CODES.length; i++) {
      LongAdder adder = m.counts.get(i);
      if (adder != null && adder.sum() != m.written[i]) {
        return false;
      }
    }
    return true;
  }

  private void logDrops() {
    long count = dropped.sumThenReset();
    if (count > 0) {
      LOG.warn(
          "did not count {} verifications in usage (over the bound of {} keys or {} minutes held);"
              + " usage will understate them",
          count,
          MAX_COUNTERS,
          MAX_MINUTES);
    }
  }
}
