package dev.latchkey.core.limit;

import java.time.Duration;
import java.util.Objects;

/**
 * A named rate limit: at most {@code limit} units of cost in each window of {@code period} aligned
 * to the Unix epoch (each UTC second, minute, hour or day). Fixed windows: a client may spend the
 * whole limit at the end of one window and again at the start of the next, but never more than
 * {@code limit} within one window.
 *
 * @param period whole seconds, from one second to one day
 */
public record LimitRule(String name, long limit, Duration period) {
  public static final Duration MIN_PERIOD = Duration.ofSeconds(1);
  public static final Duration MAX_PERIOD = Duration.ofDays(1);
  public static final long MAX_LIMIT = 1_000_000_000L;

  public LimitRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(period, "period");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit out of range: " + limit);
    }
    if (period.compareTo(MIN_PERIOD) < 0
        || period.compareTo(MAX_PERIOD) > 0
        || period.getNano() != 0) {
      throw new IllegalArgumentException("period out of range: " + period);
    }
  }

  public long periodMillis() {
    return period.toMillis();
  }

  /** The index of the window holding {@code epochMillis}. */
  public long windowAt(long epochMillis) {
    return Math.floorDiv(epochMillis, periodMillis());
  }

  /** When window {@code window} ends, in epoch milliseconds. */
  public long windowEndMillis(long window) {
    return (window + 1) * periodMillis();
  }
}
