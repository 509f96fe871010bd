package dev.latchkey.core.manage;

import static dev.latchkey.core.store.UsageGranularity.DAY;
import static dev.latchkey.core.store.UsageGranularity.HOUR;
import static dev.latchkey.core.store.UsageGranularity.MINUTE;

import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.UsageRepository;
import java.time.Clock;
import java.time.Duration;

/**
 * The usage rollup job: minute rows are summed into hour rows, hour rows into day rows, and rows
 * past their retention are deleted. The server runs it every minute on every node.
 *
 * <p>Only closed periods are rolled up (those that ended {@link #GRACE} ago: the last flush of a
 * node has written them), and each run recomputes every closed hour of the last {@link
 * #HOUR_WINDOW} and every closed day of the last {@link #DAY_WINDOW}, setting each coarse row to
 * the sum of its finer rows (and further back, to where the last run stopped, when no node ran for
 * longer than that). So a run is idempotent, and counts a node flushed late (its store was down)
 * are picked up by the next run, as long as they arrive within those windows. Runs are serialised
 * across nodes by the lock of the {@code usage_rollup} row, and a run within {@link #MIN_INTERVAL}
 * of the last one (by any node) does nothing.
 *
 * <p>Thread-safe.
 */
public final class UsageRollup {
  /** How long after a period ends it is rolled up for the first time. */
  public static final Duration GRACE = Duration.ofSeconds(10);

  /** How far back hours are recomputed from minutes, every run. */
  public static final Duration HOUR_WINDOW = Duration.ofHours(3);

  /** How far back days are recomputed from hours, every run. */
  public static final Duration DAY_WINDOW = Duration.ofDays(2);

  /** A node skips its run when another ran this recently. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(50);

  private final Store store;
  private final Clock clock;
  private final UsageRetention retention;

  public UsageRollup(Store store, Clock clock, UsageRetention retention) {
    this.store = store;
    this.clock = clock;
    this.retention = retention;
  }

  /** What one run did. */
  public record Outcome(boolean ran, int hourRows, int dayRows, int deleted) {}

  /**
   * Rolls up and prunes, in one transaction, unless a run happened in the last {@link
   * #MIN_INTERVAL}.
   *
   * @throws dev.latchkey.core.store.StoreException when the store fails; nothing changed
   */
  public Outcome run() {
    long now = clock.millis();
    return store.write(
        tx -> {
          UsageRepository usage = tx.usage();
          long last = usage.lockRollup();
          // A clock that went back (now < last) runs anyway rather than wait for it to catch up.
          if (now >= last && now - last < MIN_INTERVAL.toMillis()) {
            return new Outcome(false, 0, 0, 0);
          }
          long closed = now - GRACE.toMillis();
          long hourUntil = HOUR.floor(closed);
          // Back to where the last run stopped, should that be further than the window (no node
          // ran for a while, or never): within what the finer rows' retention still holds.
          long hourFrom =
              Math.max(
                  Math.min(hourUntil - HOUR_WINDOW.toMillis(), HOUR.floor(last - GRACE.toMillis())),
                  ceil(HOUR.millis(), now - retention.minutes().toMillis()));
          long dayUntil = DAY.floor(closed);
          long dayFrom =
              Math.max(
                  Math.min(dayUntil - DAY_WINDOW.toMillis(), DAY.floor(last - GRACE.toMillis())),
                  ceil(DAY.millis(), now - retention.hours().toMillis()));
          int hours = hourFrom < hourUntil ? usage.rollUp(MINUTE, HOUR, hourFrom, hourUntil) : 0;
          int days = dayFrom < dayUntil ? usage.rollUp(HOUR, DAY, dayFrom, dayUntil) : 0;
          int deleted =
              usage.deleteBefore(MINUTE, now - retention.minutes().toMillis())
                  + usage.deleteBefore(HOUR, now - retention.hours().toMillis())
                  + usage.deleteBefore(DAY, now - retention.days().toMillis());
          usage.rollupRan(now);
          return new Outcome(true, hours, days, deleted);
        });
  }

  /** The first period start of length {@code length} at or after {@code at}. */
  private static long ceil(long length, long at) {
    return Math.floorDiv(at + length - 1, length) * length;
  }
}
