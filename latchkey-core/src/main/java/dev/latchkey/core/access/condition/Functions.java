package dev.latchkey.core.access.condition;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.standard.AddOperator.AddOverload;
import dev.cel.runtime.standard.CelStandardOverload;
import dev.cel.runtime.standard.ContainsFunction.ContainsOverload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The run-time side of our functions, and of {@code matches}, which replaces CEL's own to compile
 * each pattern once. A malformed argument computed at run time (a CIDR read from {@code key.meta},
 * an unknown zone) fails the evaluation, which the caller sees as {@code ERROR}; the same argument
 * written as a literal never gets this far (see {@link StaticChecks}).
 */
final class Functions {
  /** Longest string a concatenation may build, in chars. */
  static final int MAX_STRING = 16 * 1024;

  /** Longest list a concatenation may build. */
  static final int MAX_LIST = 1024;

  /**
   * Standard overloads replaced here: string and list concatenation (bounded, so that a
   * comprehension cannot build megabytes), bytes concatenation (removed: nothing here needs it),
   * and {@code contains} on strings (the JDK's {@code String.contains} is quadratic in the worst
   * case; this one is linear).
   */
  static final Set<CelStandardOverload> REPLACED =
      Set.of(
          AddOverload.ADD_STRING,
          AddOverload.ADD_LIST,
          AddOverload.ADD_BYTES,
          ContainsOverload.CONTAINS_STRING);

  private Functions() {}

  static List<CelFunctionBinding> bindings(Literals literals) {
    return List.of(
        CelFunctionBinding.from("add_string", String.class, String.class, Functions::concat),
        CelFunctionBinding.from("add_list", List.class, List.class, Functions::concat),
        CelFunctionBinding.from(
            "contains_string", String.class, String.class, Functions::chargedContains),
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

  private static String concat(String a, String b) throws CelEvaluationException {
    WorkBudget.charge((long) a.length() + b.length());
    if ((long) a.length() + b.length() > MAX_STRING) {
      throw new CelEvaluationException("a string may be at most " + MAX_STRING + " characters");
    }
    return a.concat(b);
  }

  private static List<?> concat(List<?> a, List<?> b) throws CelEvaluationException {
    WorkBudget.charge((long) a.size() + b.size());
    if ((long) a.size() + b.size() > MAX_LIST) {
      throw new CelEvaluationException("a list may hold at most " + MAX_LIST + " elements");
    }
    List<Object> both = new ArrayList<>(a.size() + b.size());
    both.addAll(a);
    both.addAll(b);
    return List.copyOf(both);
  }

  private static boolean chargedContains(String text, String part) throws CelEvaluationException {
    WorkBudget.charge((long) text.length() + part.length());
    return contains(text, part);
  }

  /** Whether {@code text} contains {@code part}: Knuth–Morris–Pratt, linear in both. */
  static boolean contains(String text, String part) {
    int m = part.length();
    if (m == 0) {
      return true;
    }
    int[] fallback = new int[m];
    for (int i = 1, k = 0; i < m; i++) {
      while (k > 0 && part.charAt(i) != part.charAt(k)) {
        k = fallback[k - 1];
      }
      if (part.charAt(i) == part.charAt(k)) {
        k++;
      }
      fallback[i] = k;
    }
    for (int i = 0, k = 0; i < text.length(); i++) {
      while (k > 0 && text.charAt(i) != part.charAt(k)) {
        k = fallback[k - 1];
      }
      if (text.charAt(i) == part.charAt(k)) {
        k++;
      }
      if (k == m) {
        return true;
      }
    }
    return false;
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
      com.google.re2j.Pattern pattern = literals.pattern(regex);
      // RE2 simulates the program over the text: time grows with their product.
      WorkBudget.charge((long) (text.length() + 1) * pattern.programSize());
      return pattern.matcher(text).find();
    } catch (IllegalArgumentException e) {
      throw new CelEvaluationException("matches: " + e.getMessage());
    }
  }
}
