package dev.latchkey.core.verify;

import dev.latchkey.core.access.Grant;
import dev.latchkey.core.store.AccessUsageRow;
import dev.latchkey.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records which grants each key exercised, and which conditions were evaluated, for the access
 * report; writes them to the store in batches, off the verification path.
 *
 * <p>Design: one in-memory entry per key, UTC day, source, grant and permission, holding the time
 * of its latest use. A verification that finds its entry (the common case) does one hash lookup
 * and, at most once a {@link #RESOLUTION}, moves the entry's time; it never touches the store.
 * {@link #flush()} upserts every entry whose time moved since it was last written, in one batch, so
 * a row is written at most once a {@code RESOLUTION} however often its key verifies. Entries that
 * are written and idle for a {@code RESOLUTION} (or of a past day) are then forgotten; a later use
 * brings them back. So {@code last_at} is the time of a use that came at most a {@code RESOLUTION}
 * before the last one.
 *
 * <p>Memory is bounded: at most {@link #MAX_ENTRIES} entries are held. Beyond that, uses of new
 * entries are dropped and counted, and the next flush logs the count (no key material). A flush
 * that fails keeps its entries for the next one, within the same bound.
 *
 * <p>Thread-safe. The recording methods never block on the store and never throw.
 */
public final class AccessUsage {
  /** Most entries held in memory, written or waiting to be. */
  public static final int MAX_ENTRIES = 100_000;

  /** Most distinct required permissions recorded for one key on one day; beyond, dropped. */
  public static final int MAX_PERMISSIONS_PER_KEY_AND_DAY = 256;

  /** Most required permissions tracked for all keys of one day, together. */
  public static final int MAX_TRACKED_PERMISSIONS = 1_000_000;

  /** How stale {@code last_at} may be: an entry's time moves at most this often. */
  public static final Duration RESOLUTION = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(AccessUsage.class);
  private static final long MILLIS_PER_DAY = Duration.ofDays(1).toMillis();
  private static final long RESOLUTION_MILLIS = RESOLUTION.toMillis();

  /**
   * One thing a key can be seen doing: exercising a grant (held directly, source {@code "key"}, or
   * through the role {@code source}) for a required permission, or having a condition evaluated
   * ({@code grant} and {@code permission} null). Immutable, with its hash computed once, so that
   * verification can build it once per key and query and record it with one cheap lookup.
   */
  public static final class Use {
    private final String workspaceId;
    private final String keyId;
    private final String source;
    private final Grant grant;
    private final Grant permission;
    private final int hash;

    private Use(String workspaceId, String keyId, String source, Grant grant, Grant permission) {
      this.workspaceId = workspaceId;
      this.keyId = keyId;
      this.source = source;
      this.grant = grant;
      this.permission = permission;
      this.hash = Objects.hash(workspaceId, keyId, source, grant, permission);
    }

    /** {@code grant}, held through {@code source}, covered {@code permission} for the key. */
    public static Use exercise(
        String workspaceId, String keyId, String source, Grant grant, Grant permission) {
      return new Use(
          workspaceId,
          keyId,
          source,
          Objects.requireNonNull(grant),
          Objects.requireNonNull(permission));
    }

    /** The condition of {@code source} ({@code "key"} or a role id) was evaluated for the key. */
    public static Use condition(String workspaceId, String keyId, String source) {
      return new Use(workspaceId, keyId, source, null, null);
    }

    @Override
    public boolean equals(Object o) {
      return o == this
          || (o instanceof Use u
              && hash == u.hash
              && keyId.equals(u.keyId)
              && source.equals(u.source)
              && Objects.equals(grant, u.grant)
              && Objects.equals(permission, u.permission)
              && workspaceId.equals(u.workspaceId));
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** What one entry stands for: a use on a UTC day. */
  private record Entry(Use use, long day) {
    AccessUsageRow row(long lastAt) {
      return new AccessUsageRow(
          use.workspaceId,
          use.keyId,
          day,
          use.source,
          use.grant == null ? AccessUsageRow.CONDITION : use.grant.toString(),
          use.permission == null ? AccessUsageRow.NO_PERMISSION : use.permission.toString(),
          Instant.ofEpochMilli(lastAt));
    }
  }

  /** The latest use of an entry, and what of it the store holds (written by flushes only). */
  private static final class Slot {
    final AtomicLong lastAt;
    long written;

    Slot(long at) {
      this.lastAt = new AtomicLong(at);
    }

    void seen(long at) {
      long last = lastAt.get();
      if (at - last >= RESOLUTION_MILLIS) {
        lastAt.compareAndSet(last, at); // a lost race means another thread just moved it
      }
    }
  }

  private record Pending(Entry entry, Slot slot, long at) {}

  private static final Comparator<AccessUsageRow> ROW_ORDER =
      Comparator.comparing(AccessUsageRow::workspaceId)
          .thenComparing(AccessUsageRow::keyId)
          .thenComparingLong(AccessUsageRow::day)
          .thenComparing(AccessUsageRow::source)
          .thenComparing(AccessUsageRow::grant)
          .thenComparing(AccessUsageRow::permission);

  private final ConcurrentHashMap<Entry, Slot> entries = new ConcurrentHashMap<>();

  /** The distinct required permissions recorded per key and day; past days are dropped. */
  private final ConcurrentHashMap<KeyDay, Set<Grant>> permissionsSeen = new ConcurrentHashMap<>();

  private record KeyDay(String keyId, long day) {}

  /** How many permissions {@link #permissionsSeen} holds in all, so that its memory is bounded. */
  private final LongAdder permissionsTracked = new LongAdder();

  private final LongAdder dropped = new LongAdder();
  private final Store store;
  private final Clock clock;

  public AccessUsage(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Key {@code keyId} (of {@code workspaceId}) exercised {@code grant}, held directly (source
   * {@code "key"}) or through the role with id {@code source}, to satisfy the required permission
   * {@code permission}. Hot path: cheap, never blocks on the store, never throws; a call with a
   * null argument is dropped and counted.
   */
  public void exercised(
      String workspaceId, String keyId, String source, Grant grant, Grant permission) {
    if (workspaceId == null
        || keyId == null
        || source == null
        || grant == null
        || permission == null) {
      dropped.increment();
      return;
    }
    record(Use.exercise(workspaceId, keyId, source, grant, permission), clock.millis());
  }

  /**
   * The condition of the key (source {@code "key"}) or of the role {@code source} was evaluated.
   */
  public void conditionEvaluated(String workspaceId, String keyId, String source) {
    if (workspaceId == null || keyId == null || source == null) {
      dropped.increment();
      return;
    }
    record(Use.condition(workspaceId, keyId, source), clock.millis());
  }

  /** Records {@code use} at {@code nowMillis}: the hot path's form, with the use built once. */
  void record(Use use, long nowMillis) {
    Entry entry = new Entry(use, Math.floorDiv(nowMillis, MILLIS_PER_DAY));
    Slot slot = entries.get(entry);
    if (slot == null) {
      if (entries.size() >= MAX_ENTRIES || !admitPermission(use, entry.day())) {
        dropped.increment();
        return;
      }
      slot = entries.putIfAbsent(entry, new Slot(nowMillis));
      if (slot == null) {
        return;
      }
    }
    slot.seen(nowMillis);
  }

  /**
   * Whether a new entry for {@code use} stays within its key's bound of distinct required
   * permissions for the day. Required permissions come from whoever calls verification, so without
   * it one caller could make one key write rows without end.
   */
  private boolean admitPermission(Use use, long day) {
    if (use.permission == null) {
      return true;
    }
    KeyDay keyDay = new KeyDay(use.keyId, day);
    Set<Grant> seen = permissionsSeen.get(keyDay);
    if (seen == null) {
      if (permissionsSeen.size() >= MAX_ENTRIES) {
        return false; // as many keys tracked today as entries held: drop, and count
      }
      seen = permissionsSeen.computeIfAbsent(keyDay, k -> ConcurrentHashMap.newKeySet());
    }
    if (seen.contains(use.permission)) {
      return true;
    }
    if (seen.size() >= MAX_PERMISSIONS_PER_KEY_AND_DAY
        || permissionsTracked.sum() >= MAX_TRACKED_PERMISSIONS) {
      return false;
    }
    if (seen.add(use.permission)) {
      permissionsTracked.increment();
    }
    return true;
  }

  /**
   * Writes what was recorded since the last flush, in one batch; called every second by the server
   * and once more at shutdown. Then forgets entries that are written and idle.
   *
   * @throws dev.latchkey.core.store.StoreException when the store fails; what was not written is
   *     kept for the next flush
   */
  public synchronized void flush() {
    logDrops();
    List<Pending> pending = new ArrayList<>();
    for (Map.Entry<Entry, Slot> e : entries.entrySet()) {
      long at = e.getValue().lastAt.get();
      if (at > e.getValue().written) {
        pending.add(new Pending(e.getKey(), e.getValue(), at));
      }
    }
    if (!pending.isEmpty()) {
      List<AccessUsageRow> rows = new ArrayList<>(pending.size());
      pending.forEach(p -> rows.add(p.entry().row(p.at())));
      // Sorted: nodes upsert the same rows in the same order, so two flushes cannot deadlock.
      rows.sort(ROW_ORDER);
      store.recordAccessUsage(rows);
      pending.forEach(p -> p.slot().written = p.at());
    }
    forgetSettled(clock.millis());
  }

  private void forgetSettled(long now) {
    long today = Math.floorDiv(now, MILLIS_PER_DAY);
    permissionsSeen
        .entrySet()
        .removeIf(
            e -> {
              if (e.getKey().day() >= today) {
                return false;
              }
              permissionsTracked.add(-e.getValue().size());
              return true;
            });
    for (Map.Entry<Entry, Slot> e : entries.entrySet()) {
      Slot slot = e.getValue();
      long at = slot.lastAt.get();
      boolean idle = e.getKey().day() < today || now - at >= RESOLUTION_MILLIS;
      if (at == slot.written && idle && entries.remove(e.getKey(), slot)) {
        // A use that moved the slot while it was being removed is put back, not lost.
        long moved = slot.lastAt.get();
        if (moved > slot.written) {
          entries.merge(e.getKey(), slot, (current, mine) -> later(current, moved));
        }
      }
    }
  }

  private static Slot later(Slot slot, long at) {
    slot.lastAt.accumulateAndGet(at, Math::max);
    return slot;
  }

  private void logDrops() {
    long count = dropped.sumThenReset();
    if (count > 0) {
      LOG.warn(
          "dropped {} records of key access usage (over the bound of {} entries, or invalid);"
              + " access reports will understate use",
          count,
          MAX_ENTRIES);
    }
  }
}
