package dev.latchkey.core.store;

import java.time.Instant;

/**
 * What a key exercised over a span of days, summed up: one grant of one source satisfying one
 * permission (or one condition evaluated, see {@link AccessUsageRow#CONDITION}), and when last.
 */
public record AccessUse(String source, String grant, String permission, Instant lastAt) {
  /** Whether this is the evaluation of a condition rather than the use of a grant. */
  public boolean isCondition() {
    return AccessUsageRow.CONDITION.equals(grant);
  }
}
