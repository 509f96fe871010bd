package dev.latchkey.core.manage;

import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.api.RateLimit;
import dev.latchkey.core.limit.Balance;
import dev.latchkey.core.limit.CreditPolicy;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.limit.Refill;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rate limits and credits as a create, a PATCH or a credits verb asks for them: checked field by
 * field into {@link Validation} (errors name the path, {@code limits[1].period}), and returned in
 * the core's form. Nothing here reads the store.
 */
final class LimitsInput {
  /** Most rate limits one key or consumer may have. */
  static final int MAX_LIMITS = 16;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");
  private static final String PERIODS = "PT1S, PT30S, PT1M, PT1H or P1D";

  private LimitsInput() {}

  /** Credits asked for: the credit policy, and the balance to set (null: keep the current one). */
  record CreditsRequest(CreditPolicy policy, Long remaining) {}

  /** The rules of {@code limits}; null stays null (absent). */
  static List<LimitRule> rules(Validation v, List<RateLimit> limits) {
    if (limits == null) {
      return null;
    }
    if (limits.size() > MAX_LIMITS) {
      v.fail("limits", "must list at most " + MAX_LIMITS + " limits");
      return List.of();
    }
    List<LimitRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < limits.size(); i++) {
      String at = "limits[" + i + "]";
      RateLimit limit = limits.get(i);
      if (limit == null) {
        v.fail(at, "must be an object with name, limit and period");
        continue;
      }
      String name = name(v, at + ".name", limit.name());
      Long count = v.required(at + ".limit", limit.limit());
      if (count != null && (count < 1 || count > LimitRule.MAX_LIMIT)) {
        v.fail(at + ".limit", "must be between 1 and " + LimitRule.MAX_LIMIT);
        count = null;
      }
      Duration period = period(v, at + ".period", limit.period());
      if (name != null && !names.add(name)) {
        v.fail(at + ".name", "is listed twice");
      } else if (name != null && count != null && period != null) {
        rules.add(new LimitRule(name, count, period));
      }
    }
    return rules;
  }

  private static String name(Validation v, String field, String name) {
    if (v.required(field, name) == null) {
      return null;
    }
    if (!NAME.matcher(name).matches()) {
      v.fail(field, "must be 1 to 32 of a-z 0-9 _ . - starting with a letter or digit");
      return null;
    }
    return name;
  }

  private static Duration period(Validation v, String field, String text) {
    Duration d = duration(v, field, text, "whole seconds such as " + PERIODS);
    if (d == null) {
      return null;
    }
    if (d.getNano() != 0
        || d.compareTo(LimitRule.MIN_PERIOD) < 0
        || d.compareTo(LimitRule.MAX_PERIOD) > 0) {
      v.fail(field, "must be whole seconds from PT1S to P1D, such as " + PERIODS);
      return null;
    }
    return d;
  }

  /**
   * The credits asked for, or null when {@code credits} is null.
   *
   * @param remainingRequired whether {@code remaining} must be given (the owner has no balance)
   */
  static CreditsRequest credits(
      Validation v, String field, Credits credits, boolean remainingRequired) {
    if (credits == null) {
      return null;
    }
    Long remaining = credits.remaining();
    if (remaining == null && remainingRequired) {
      v.fail(field + ".remaining", "is required: the starting balance");
    } else if (remaining != null && (remaining < 0 || remaining > Balance.MAX)) {
      v.fail(field + ".remaining", "must be between 0 and " + Balance.MAX);
    }
    Refill refill =
        credits.refill() == null ? null : refill(v, field + ".refill", credits.refill());
    return new CreditsRequest(new CreditPolicy(refill), remaining);
  }

  private static Refill refill(Validation v, String field, Credits.Refill r) {
    Long amount = v.required(field + ".amount", r.amount());
    if (amount != null && (amount < 1 || amount > Balance.MAX)) {
      v.fail(field + ".amount", "must be between 1 and " + Balance.MAX);
      amount = null;
    }
    if ((r.interval() == null) == (r.dayOfMonth() == null)) {
      v.fail(field, "must have exactly one of interval and day_of_month");
      return null;
    }
    Duration interval =
        r.interval() == null ? null : interval(v, field + ".interval", r.interval());
    Integer day = r.dayOfMonth();
    if (day != null && (day < 1 || day > 31)) {
      v.fail(field + ".day_of_month", "must be between 1 and 31");
      return null;
    }
    if (amount == null || (day == null && interval == null)) {
      return null;
    }
    return new Refill(amount, interval, day);
  }

  private static Duration interval(Validation v, String field, String text) {
    String examples = "whole minutes such as PT1H, P1D or P30D";
    Duration d = duration(v, field, text, examples);
    if (d == null) {
      return null;
    }
    if (d.getNano() != 0
        || d.toSeconds() % 60 != 0
        || d.compareTo(Refill.MIN_INTERVAL) < 0
        || d.compareTo(Refill.MAX_INTERVAL) > 0) {
      v.fail(field, "must be whole minutes from PT1M to P31D, such as PT1H, P1D or P30D");
      return null;
    }
    return d;
  }

  private static Duration duration(Validation v, String field, String text, String examples) {
    if (v.required(field, text) == null) {
      return null;
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      v.fail(field, "must be an ISO-8601 duration of " + examples);
      return null;
    }
  }

  /** A credits verb's body: exactly one of {@code set} and {@code add}, each within bounds. */
  static void change(Validation v, CreditChange change) {
    if ((change.set() == null) == (change.add() == null)) {
      v.fail("set", "give exactly one of set and add");
    } else if (change.set() != null && (change.set() < 0 || change.set() > Balance.MAX)) {
      v.fail("set", "must be between 0 and " + Balance.MAX);
    } else if (change.add() != null
        && (change.add() < -Balance.MAX || change.add() > Balance.MAX)) {
      // Explicit bounds: Math.abs(Long.MIN_VALUE) is negative and would pass an abs check.
      v.fail("add", "must be between -" + Balance.MAX + " and " + Balance.MAX);
    }
  }
}
