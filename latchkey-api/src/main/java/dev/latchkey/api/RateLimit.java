package dev.latchkey.api;

/**
 * A named rate limit of a key or a consumer: at most {@code limit} units of cost in each window of
 * {@code period}, windows aligned to the Unix epoch (each UTC second, minute, hour or day).
 *
 * @param name {@code [a-z0-9][a-z0-9_.-]{0,31}}, unique among the owner's limits
 * @param limit 1 to 1,000,000,000
 * @param period an ISO-8601 duration of whole seconds, {@code PT1S} to {@code P1D}
 */
public record RateLimit(String name, Long limit, String period) {

  /** A limit of {@code limit} per {@code period}. */
  public static RateLimit of(String name, long limit, String period) {
    return new RateLimit(name, limit, period);
  }
}
