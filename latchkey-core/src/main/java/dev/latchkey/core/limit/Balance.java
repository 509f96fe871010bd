package dev.latchkey.core.limit;

import java.time.Instant;
import java.util.Objects;

/**
 * A credit balance as stored: what is left, and the refill boundary last applied to it. Refills are
 * applied lazily, when the balance is next spent or read: no scheduler runs them, and with a fake
 * clock they are exact.
 *
 * @param remaining never negative
 * @param refilledAt the last refill boundary applied (or when the balance was set, without refill)
 */
public record Balance(long remaining, Instant refilledAt) {
  /** The largest balance: {@code 10^15}. */
  public static final long MAX = 1_000_000_000_000_000L;

  public Balance {
    if (remaining < 0) {
      throw new IllegalArgumentException("a balance is never negative");
    }
    Objects.requireNonNull(refilledAt, "refilledAt");
  }

  /**
   * A balance set to {@code remaining} at {@code now} under {@code refill} (null: none): the refill
   * boundary at or before {@code now} counts as applied, so the first top-up is at the next one.
   */
  public static Balance start(long remaining, Refill refill, Instant now) {
    return new Balance(remaining, refill == null ? now : refill.lastBoundary(now));
  }

  /**
   * This balance with the refills of {@code refill} (null: none) that are due by {@code now}: when
   * a boundary later than {@link #refilledAt} has passed, the balance becomes {@code max(remaining,
   * amount)} and that boundary is recorded. Several boundaries passed act as one, since a top-up is
   * idempotent. Otherwise this balance itself.
   */
  public Balance refilled(Refill refill, Instant now) {
    if (refill == null) {
      return this;
    }
    Instant last = refill.lastBoundary(now);
    if (!last.isAfter(refilledAt)) {
      return this;
    }
    return new Balance(Math.max(remaining, refill.amount()), last);
  }
}
