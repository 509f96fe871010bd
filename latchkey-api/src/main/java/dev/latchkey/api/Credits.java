package dev.latchkey.api;

/**
 * The credit balance of a key or a consumer: each verification takes its cost from it, and a refill
 * tops it up. In a request, {@code remaining} sets the balance (omitted on a PATCH, the balance is
 * kept) and {@code refill} is the whole refill policy (omitted: none). In a response, {@code
 * remaining} is the balance now, due refills applied.
 *
 * @param remaining 0 to 1,000,000,000,000,000
 * @param refill how the balance is topped up, or null for never
 */
public record Credits(Long remaining, Refill refill) {

  /** A balance of {@code remaining} without refill. */
  public static Credits of(long remaining) {
    return new Credits(remaining, null);
  }

  /**
   * A refill policy: at each boundary the balance becomes {@code max(balance, amount)}, so credits
   * added on top are never taken away. Exactly one of {@code interval} and {@code dayOfMonth}.
   *
   * @param amount 1 to 1,000,000,000,000,000
   * @param interval an ISO-8601 duration of whole minutes, {@code PT1M} to {@code P31D}; boundaries
   *     are aligned to the Unix epoch ({@code P1D}: each 00:00 UTC)
   * @param dayOfMonth 1 to 31: 00:00 UTC on that day of each month (the last day of a shorter one)
   */
  public record Refill(Long amount, String interval, Integer dayOfMonth) {

    /** Tops up to {@code amount} every {@code interval}. */
    public static Refill every(long amount, String interval) {
      return new Refill(amount, interval, null);
    }

    /** Tops up to {@code amount} on {@code dayOfMonth} of each month. */
    public static Refill monthly(long amount, int dayOfMonth) {
      return new Refill(amount, null, dayOfMonth);
    }
  }
}
