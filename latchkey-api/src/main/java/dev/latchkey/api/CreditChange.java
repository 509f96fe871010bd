package dev.latchkey.api;

/**
 * Body of {@code POST /v1/keys/{id}:credits} and {@code POST /v1/consumers/{id}:credits}: exactly
 * one of {@code set} (the new balance, 0 to 1e15) and {@code add} (added to the balance, negative
 * to take away; the balance never goes below 0 nor above 1e15).
 */
public record CreditChange(Long set, Long add) {

  /** Sets the balance to {@code remaining}. */
  public static CreditChange set(long remaining) {
    return new CreditChange(remaining, null);
  }

  /** Adds {@code delta} (negative: takes away) to the balance. */
  public static CreditChange add(long delta) {
    return new CreditChange(null, delta);
  }
}
