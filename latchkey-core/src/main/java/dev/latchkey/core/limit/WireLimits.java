package dev.latchkey.core.limit;

import dev.latchkey.api.Credits;
import dev.latchkey.api.RateLimit;
import java.time.Duration;
import java.util.List;

/**
 * Conversions between the wire forms of limits and credits ({@link RateLimit}, {@link Credits}) and
 * the core's ({@link LimitRule}, {@link CreditPolicy}). The store keeps the wire forms as JSON, so
 * these are also its column formats. Inputs are checked by management before they get here; a value
 * these methods refuse ({@link IllegalArgumentException}) is a broken row, not bad input.
 */
public final class WireLimits {
  private static final long SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

  private WireLimits() {}

  /** The rules of {@code limits} (null: none). */
  public static List<LimitRule> rules(List<RateLimit> limits) {
    if (limits == null) {
      return List.of();
    }
    return limits.stream()
        .map(l -> new LimitRule(l.name(), l.limit(), Duration.parse(l.period())))
        .toList();
  }

  /** The policy of {@code credits} (null: none, unlimited); its {@code remaining} is ignored. */
  public static CreditPolicy policy(Credits credits) {
    if (credits == null) {
      return null;
    }
    Credits.Refill r = credits.refill();
    return new CreditPolicy(
        r == null
            ? null
            : new Refill(
                r.amount(),
                r.interval() == null ? null : Duration.parse(r.interval()),
                r.dayOfMonth()));
  }

  /** Both at once. */
  public static Limits limits(List<RateLimit> limits, Credits credits) {
    return new Limits(rules(limits), policy(credits));
  }

  /** The wire form of {@code rules}. */
  public static List<RateLimit> rateLimits(List<LimitRule> rules) {
    return rules.stream()
        .map(r -> new RateLimit(r.name(), r.limit(), duration(r.period())))
        .toList();
  }

  /** The wire form of {@code policy} holding {@code remaining} (null: left out); null for none. */
  public static Credits credits(CreditPolicy policy, Long remaining) {
    if (policy == null) {
      return null;
    }
    Refill r = policy.refill();
    return new Credits(
        remaining,
        r == null
            ? null
            : new Credits.Refill(
                r.amount(), r.interval() == null ? null : duration(r.interval()), r.dayOfMonth()));
  }

  /**
   * A duration as ISO-8601, in whole days when it is some ({@code P1D}, {@code P30D}), else as
   * {@link Duration#toString()} does ({@code PT1S}, {@code PT90M} reads {@code PT1H30M}).
   */
  public static String duration(Duration d) {
    long seconds = d.toSeconds();
    if (d.getNano() == 0 && seconds > 0 && seconds % SECONDS_PER_DAY == 0) {
      return "P" + seconds / SECONDS_PER_DAY + "D";
    }
    return d.toString();
  }
}
