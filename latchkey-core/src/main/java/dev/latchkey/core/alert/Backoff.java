package dev.latchkey.core.alert;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: after the n-th failed attempt, the n-th delay of the
 * schedule (10 s, 1 min, 5 min, 30 min, 2 h, then 2 h again), times a random factor from 0.9 to 1.1
 * so that many receivers failing together are not retried together. Immutable.
 *
 * @param maxAttempts how many attempts in all before a delivery is dead
 */
public record Backoff(List<Duration> schedule, int maxAttempts) {
  public static final List<Duration> DEFAULT_SCHEDULE =
      List.of(
          Duration.ofSeconds(10),
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2));

  public Backoff {
    schedule = List.copyOf(schedule);
    if (schedule.isEmpty() || maxAttempts < 1 || maxAttempts > 50) {
      throw new IllegalArgumentException("a schedule and 1 to 50 attempts are needed");
    }
  }

  /** The default schedule, 6 attempts (the first and 5 retries, over about 2 h 36 min). */
  public static Backoff defaults() {
    return new Backoff(DEFAULT_SCHEDULE, 6);
  }

  /** The delay after failed attempt number {@code attempt} (1-based), jitter included. */
  public Duration after(int attempt) {
    Duration base = schedule.get(Math.min(attempt, schedule.size()) - 1);
    double factor = 0.9 + 0.2 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (base.toMillis() * factor));
  }

  /** The longest delay after failed attempt {@code attempt}: what a test advances its clock by. */
  public Duration longestAfter(int attempt) {
    Duration base = schedule.get(Math.min(attempt, schedule.size()) - 1);
    return Duration.ofMillis((long) Math.ceil(base.toMillis() * 1.1));
  }
}
