package dev.latchkey.core.limit;

import java.util.Optional;

/**
 * The owner (a key or a consumer) has a credit balance, spent by the cost of each verification.
 *
 * @param refill how the balance is topped up, or null for never
 */
public record CreditPolicy(Refill refill) {
  public Optional<Refill> refillPolicy() {
    return Optional.ofNullable(refill);
  }
}
