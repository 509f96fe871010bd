package dev.latchkey.core.access.condition;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.time.ZoneId;

/**
 * Patterns, CIDR ranges and time zones, parsed once per distinct text rather than on every call
 * (CEL's own {@code matches} compiles its pattern each time, which costs microseconds). Each cache
 * is bounded ({@value #MAX_CACHED} entries, Caffeine's admission policy keeps the frequent ones),
 * so text computed from requests can slow a lookup down to a parse but never grow memory. The
 * compile-time checks go through the same methods, so what compiled is also what is cached.
 * Thread-safe.
 *
 * <p>Regular expressions are RE2 (re2j): matching takes time linear in the input for a given
 * program, so there is no catastrophic backtracking; the program is capped at {@value
 * #MAX_PROGRAM_SIZE} instructions.
 */
final class Literals {
  static final int MAX_PROGRAM_SIZE = 1000;
  private static final int MAX_CACHED = 4096;

  private final Cache<String, Pattern> patterns =
      Caffeine.newBuilder().maximumSize(MAX_CACHED).build();
  private final Cache<String, Cidr> cidrs = Caffeine.newBuilder().maximumSize(MAX_CACHED).build();
  private final Cache<String, ZoneId> zones = Caffeine.newBuilder().maximumSize(MAX_CACHED).build();

  /**
   * The pattern {@code regex}, compiled.
   *
   * @throws IllegalArgumentException with a safe message when it is malformed or too large
   */
  Pattern pattern(String regex) {
    return patterns.get(regex, Literals::compile);
  }

  /**
   * The range written as {@code text}.
   *
   * @throws IllegalArgumentException with a safe message when it is not one
   */
  Cidr cidr(String text) {
    return cidrs.get(text, Cidr::parse);
  }

  /**
   * The time zone named {@code name} (see {@link TimesOfDay#zone(String)}).
   *
   * @throws IllegalArgumentException with a safe message when there is none
   */
  ZoneId zone(String name) {
    return zones.get(name, TimesOfDay::zone);
  }

  private static Pattern compile(String regex) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("malformed pattern: " + e.getDescription());
    }
    if (pattern.programSize() > MAX_PROGRAM_SIZE) {
      throw new IllegalArgumentException(
          "the pattern is too large ("
              + pattern.programSize()
              + " instructions, at most "
              + MAX_PROGRAM_SIZE
              + ")");
    }
    return pattern;
  }
}
