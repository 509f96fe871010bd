package dev.latchkey.core.manage;

import java.time.Duration;
import java.util.Objects;

/**
 * How long usage counts are kept, by granularity. Minutes must outlive the window the rollup job
 * recomputes hours over, and hours the window of days, so that no rollup sums rows already pruned.
 */
public record UsageRetention(Duration minutes, Duration hours, Duration days) {
  /** Shortest minute retention: the hour rollup recomputes the last {@code PT3H}, plus margin. */
  public static final Duration MIN_MINUTES = Duration.ofHours(6);

  /** Shortest hour retention: the day rollup recomputes the last two days, plus margin. */
  public static final Duration MIN_HOURS = Duration.ofDays(3);

  /** Shortest day retention. */
  public static final Duration MIN_DAYS = Duration.ofDays(1);

  public UsageRetention {
    Objects.requireNonNull(minutes, "minutes");
    Objects.requireNonNull(hours, "hours");
    Objects.requireNonNull(days, "days");
    atLeast("minutes", minutes, MIN_MINUTES);
    atLeast("hours", hours, MIN_HOURS);
    atLeast("days", days, MIN_DAYS);
  }

  /** Minutes for 48 hours, hours for 90 days, days for 2 years (730 days). */
  public static UsageRetention defaults() {
    return new UsageRetention(Duration.ofHours(48), Duration.ofDays(90), Duration.ofDays(730));
  }

  private static void atLeast(String name, Duration value, Duration min) {
    if (value.compareTo(min) < 0) {
      throw new IllegalArgumentException(name + " must be kept at least " + min);
    }
  }
}
