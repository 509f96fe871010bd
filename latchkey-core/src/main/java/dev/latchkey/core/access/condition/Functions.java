package dev.latchkey.core.access.condition;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.time.Instant;
import java.util.List;

/**
 * The run-time side of our functions, and of {@code matches}, which replaces CEL's own to compile
 * each pattern once. A malformed argument computed at run time (a CIDR read from {@code key.meta},
 * an unknown zone) fails the evaluation, which the caller sees as {@code ERROR}; the same argument
 * written as a literal never gets this far (see {@link StaticChecks}).
 */
final class Functions {
  private Functions() {}

  static List<CelFunctionBinding> bindings(Literals literals) {
    return List.of(
        CelFunctionBinding.from(
            Environment.IN_CIDR_OVERLOAD,
            String.class,
            String.class,
            (ip, cidr) -> inCidr(literals, ip, cidr)),
        CelFunctionBinding.from(
            Environment.TIME_OF_DAY_OVERLOAD,
            Instant.class,
            String.class,
            (instant, zone) -> timeOfDay(literals, instant, zone)),
        CelFunctionBinding.from(
            Environment.BETWEEN_TIMES_OVERLOAD,
            List.of(Instant.class, String.class, String.class, String.class),
            args ->
                betweenTimes(
                    literals,
                    (Instant) args[0],
                    (String) args[1],
                    (String) args[2],
                    (String) args[3])),
        CelFunctionBinding.from(
            "matches", String.class, String.class, (text, regex) -> matches(literals, text, regex)),
        CelFunctionBinding.from(
            "matches_string",
            String.class,
            String.class,
            (text, regex) -> matches(literals, text, regex)));
  }

  private static boolean inCidr(Literals literals, String ip, String cidr)
      throws CelEvaluationException {
    try {
      return literals.cidr(cidr).contains(ip);
    } catch (IllegalArgumentException e) {
      throw new CelEvaluationException("in_cidr: malformed CIDR: " + e.getMessage());
    }
  }

  private static long timeOfDay(Literals literals, Instant instant, String zone)
      throws CelEvaluationException {
    try {
      return TimesOfDay.minutes(instant, literals.zone(zone));
    } catch (IllegalArgumentException e) {
      throw new CelEvaluationException("time_of_day: " + e.getMessage());
    }
  }

  private static boolean betweenTimes(
      Literals literals, Instant instant, String start, String end, String zone)
      throws CelEvaluationException {
    try {
      return TimesOfDay.between(instant, start, end, literals.zone(zone));
    } catch (IllegalArgumentException e) {
      throw new CelEvaluationException("between_times: " + e.getMessage());
    }
  }

  private static boolean matches(Literals literals, String text, String regex)
      throws CelEvaluationException {
    try {
      return literals.pattern(regex).matcher(text).find();
    } catch (IllegalArgumentException e) {
      throw new CelEvaluationException("matches: " + e.getMessage());
    }
  }
}
