package dev.latchkey.core.limit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * When and how a credit balance is topped up: at each boundary the balance becomes {@code
 * max(balance, amount)}, so credits bought on top are never taken away. Boundaries are either every
 * {@code interval} aligned to the Unix epoch (a daily refill happens at 00:00 UTC), or at 00:00 UTC
 * on {@code dayOfMonth} of each month (the last day of a shorter month).
 *
 * @param interval whole minutes, from one minute to 31 days; null when {@code dayOfMonth} is set
 * @param dayOfMonth 1 to 31; null when {@code interval} is set
 */
public record Refill(long amount, Duration interval, Integer dayOfMonth) {
  public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
  public static final Duration MAX_INTERVAL = Duration.ofDays(31);

  public Refill {
    if (amount < 1) {
      throw new IllegalArgumentException("amount must be positive");
    }
    if ((interval == null) == (dayOfMonth == null)) {
      throw new IllegalArgumentException("exactly one of interval and day_of_month");
    }
    if (interval != null
        && (interval.compareTo(MIN_INTERVAL) < 0
            || interval.compareTo(MAX_INTERVAL) > 0
            || interval.toSeconds() % 60 != 0
            || interval.getNano() != 0)) {
      throw new IllegalArgumentException("interval out of range: " + interval);
    }
    if (dayOfMonth != null && (dayOfMonth < 1 || dayOfMonth > 31)) {
      throw new IllegalArgumentException("day_of_month out of range: " + dayOfMonth);
    }
  }

  /** The latest refill boundary at or before {@code now}. */
  public Instant lastBoundary(Instant now) {
    if (interval != null) {
      long period = interval.toMillis();
      return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), period) * period);
    }
    ZonedDateTime at = now.atZone(ZoneOffset.UTC);
    Instant thisMonth = boundaryIn(at.toLocalDate());
    return thisMonth.isAfter(now) ? boundaryIn(at.toLocalDate().minusMonths(1)) : thisMonth;
  }

  /** The first refill boundary after {@code now}. */
  public Instant nextBoundary(Instant now) {
    if (interval != null) {
      return lastBoundary(now).plus(interval);
    }
    ZonedDateTime at = now.atZone(ZoneOffset.UTC);
    Instant thisMonth = boundaryIn(at.toLocalDate());
    return thisMonth.isAfter(now) ? thisMonth : boundaryIn(at.toLocalDate().plusMonths(1));
  }

  private Instant boundaryIn(LocalDate anyDayOfMonth) {
    int day = Math.min(dayOfMonth, anyDayOfMonth.lengthOfMonth());
    return anyDayOfMonth.withDayOfMonth(day).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
