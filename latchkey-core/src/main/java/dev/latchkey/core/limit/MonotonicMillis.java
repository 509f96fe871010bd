package dev.latchkey.core.limit;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Epoch milliseconds from a {@link Clock} that never go back: a wall clock stepped backwards must
 * not reopen a window that has ended. Thread-safe.
 */
final class MonotonicMillis {
  private final Clock clock;
  private final AtomicLong latest = new AtomicLong(Long.MIN_VALUE);

  MonotonicMillis(Clock clock) {
    this.clock = clock;
  }

  long millis() {
    return latest.accumulateAndGet(clock.millis(), Math::max);
  }

  /** The same instant in nanoseconds, for Caffeine's ticker. */
  long nanos() {
    return Math.multiplyExact(millis(), 1_000_000L);
  }
}
