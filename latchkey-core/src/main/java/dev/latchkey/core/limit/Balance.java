package dev.latchkey.core.limit;

import java.time.Instant;
import java.util.Objects;

/**
 * A credit balance as stored: what is left, the refill boundary last applied to it, and the refill
 * policy it is topped up by. The policy is stored with the balance, and written with it by the
 * mutation that changes the owner's credits, so that whoever spends the balance applies the policy
 * in force when it holds the row, never a copy read earlier. Refills are applied lazily, when the
 * balance is next spent or read: no scheduler runs them, and with a fake clock they are exact.
 *
 * @param remaining never negative
 * @param refilledAt the last refill boundary applied (or when the balance was set, without refill)
 * @param refill how the balance is topped up, or null for never
 */
public record Balance(long remaining, Instant refilledAt, Refill refill) {
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
    return new Balance(remaining, refill == null ? now : refill.lastBoundary(now), refill);
  }

  /**
   * This balance with the refills of its policy that are due by {@code now}: when a boundary later
   * than {@link #refilledAt} has passed, the balance becomes {@code max(remaining, amount)} and
   * that boundary is recorded. Several boundaries passed act as one, since a top-up is idempotent.
   * Otherwise this balance itself.
   */
  public Balance refilled(Instant now) {
    if (refill == null) {
      return this;
    }
    Instant last = refill.lastBoundary(now);
    if (!last.isAfter(refilledAt)) {
      return this;
    }
    return new Balance(Math.max(remaining, refill.amount()), last, refill);
  }

  /** This balance holding {@code remaining}, its refill schedule going on as it was. */
  public Balance withRemaining(long remaining) {
    return new Balance(remaining, refilledAt, refill);
  }
}
