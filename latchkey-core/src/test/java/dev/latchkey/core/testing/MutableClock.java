package dev.latchkey.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand instead of sleeping. Thread-safe. */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;

  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  public static MutableClock startingNow() {
    return new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  public void set(Instant to) {
    now.set(to);
  }

  /** Moves the clock on by {@code by} and returns the new time, in one step. */
  public Instant advanceAndGet(Duration by) {
    return now.updateAndGet(t -> t.plus(by));
  }

  public void advance(Duration by) {
    now.updateAndGet(t -> t.plus(by));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
