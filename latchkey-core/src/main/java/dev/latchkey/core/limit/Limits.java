package dev.latchkey.core.limit;

import java.util.List;

/**
 * An owner's usage limits as stored on a key or a consumer.
 *
 * @param rates its rate limits, names unique
 * @param credits its credit policy, or null: no balance, unlimited use
 */
public record Limits(List<LimitRule> rates, CreditPolicy credits) {
  public static final Limits NONE = new Limits(List.of(), null);

  public Limits {
    rates = rates == null ? List.of() : List.copyOf(rates);
  }

  /** Whether verification has nothing to count for this owner. */
  public boolean isEmpty() {
    return rates.isEmpty() && credits == null;
  }
}
