package dev.latchkey.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How the node's rotation scheduler runs.
 *
 * @param poll how often it looks for due rotations (it is also woken when one is started here)
 * @param notice how long ahead of a rotation {@code rotation_upcoming} is raised; zero for never
 * @param schedule false for a node that runs no rounds by itself (tests call them)
 */
public record RotationSettings(Duration poll, Duration notice, boolean schedule) {
  public RotationSettings {
    Objects.requireNonNull(poll);
    Objects.requireNonNull(notice);
    if (poll.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("the poll must be at least PT0.1S");
    }
    if (notice.isNegative()) {
      throw new IllegalArgumentException("the notice must not be negative");
    }
  }

  /** A look every ten seconds; a day's notice. */
  public static RotationSettings defaults() {
    return new RotationSettings(Duration.ofSeconds(10), Duration.ofDays(1), true);
  }

  public RotationSettings withPoll(Duration poll) {
    return new RotationSettings(poll, notice, schedule);
  }

  public RotationSettings withNotice(Duration notice) {
    return new RotationSettings(poll, notice, schedule);
  }

  public RotationSettings withoutSchedule() {
    return new RotationSettings(poll, notice, false);
  }
}
