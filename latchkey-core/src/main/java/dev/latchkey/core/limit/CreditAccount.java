package dev.latchkey.core.limit;

import java.util.Objects;

/**
 * A credit balance to spend from: the balance of a key or a consumer, with the refill policy it is
 * topped up by.
 *
 * @param ownerId the key ({@code key_…}) or consumer ({@code con_…}) holding the balance
 * @param refill its refill policy, or null for none
 */
public record CreditAccount(String ownerId, Refill refill) {
  public CreditAccount {
    Objects.requireNonNull(ownerId, "ownerId");
  }

  /** The account of an owner whose credit policy is {@code policy}. */
  public static CreditAccount of(String ownerId, CreditPolicy policy) {
    return new CreditAccount(ownerId, policy.refill());
  }
}
