package dev.latchkey.core.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live counters of a {@link LocalLimiter}, at most {@code maxCounters}. A counter expires at
 * the end of the last window it was read or charged in: from then on it has spent nothing, so
 * dropping it is exact. Caffeine stops returning it at once, and removes it within about a second
 * (its timer wheel's resolution); until then it still counts towards the bound. Past the bound, new
 * counters are refused, never made room for: evicting a live counter would forget what its window
 * spent. Thread-safe.
 */
final class CounterTable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalLimiter.class);
  private static final long WARNING_INTERVAL_MILLIS = 60_000;

  private final long maxCounters;
  private final MonotonicMillis time;
  private final Cache<CounterKey, LocalCounter> counters;
  private final AtomicLong nextWarning = new AtomicLong(Long.MIN_VALUE);

  CounterTable(long maxCounters, MonotonicMillis time) {
    this.maxCounters = maxCounters;
    this.time = time;
    this.counters =
        Caffeine.newBuilder()
            .ticker(time::nanos)
            .executor(Runnable::run)
            .expireAfter(new UntilWindowEnds())
            .build();
  }

  /** The live counter, or null when there is none (nothing spent). */
  LocalCounter findOrNull(CounterKey key) {
    return counters.getIfPresent(key);
  }

  /** Adds every one of {@code added}, or none when that would pass the bound (then logs). */
  synchronized boolean addAll(Map<CounterKey, LocalCounter> added) {
    if (counters.estimatedSize() + added.size() > maxCounters) {
      counters.cleanUp();
      if (counters.estimatedSize() + added.size() > maxCounters) {
        warnFull();
        return false;
      }
    }
    counters.putAll(added);
    return true;
  }

  long size() {
    counters.cleanUp();
    return counters.estimatedSize();
  }

  private void warnFull() {
    long now = time.millis();
    long due = nextWarning.get();
    if (now >= due && nextWarning.compareAndSet(due, now + WARNING_INTERVAL_MILLIS)) {
      LOG.error(
          "Local rate limiter holds its maximum of {} live counters; requests needing a new"
              + " counter are denied until idle ones expire (logged at most once a minute)",
          maxCounters);
    }
  }

  /** Every access pushes expiry to the end of the window it happened in. */
  private static final class UntilWindowEnds implements Expiry<CounterKey, LocalCounter> {
    @Override
    public long expireAfterCreate(CounterKey key, LocalCounter value, long currentTime) {
      return nanosToWindowEnd(key, currentTime);
    }

    @Override
    public long expireAfterUpdate(
        CounterKey key, LocalCounter value, long currentTime, long currentDuration) {
      return nanosToWindowEnd(key, currentTime);
    }

    @Override
    public long expireAfterRead(
        CounterKey key, LocalCounter value, long currentTime, long currentDuration) {
      return nanosToWindowEnd(key, currentTime);
    }

    private static long nanosToWindowEnd(CounterKey key, long nanos) {
      long now = nanos / 1_000_000L;
      long end = (Math.floorDiv(now, key.periodMillis()) + 1) * key.periodMillis();
      return (end - now) * 1_000_000L;
    }
  }
}
