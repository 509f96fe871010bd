package dev.latchkey.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.latchkey.api.Credits;
import dev.latchkey.api.Json;
import dev.latchkey.api.KeyState;
import dev.latchkey.api.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option value types; a bad value is a usage error (exit 2) naming the option and the format. */
final class Converters {
  private Converters() {}

  /** The JSON object of a {@code --meta} option. */
  record Meta(Map<String, Object> value) {}

  /** An RFC 3339 time with an offset: {@code 2027-01-31T00:00:00Z}, {@code ...+02:00}. */
  static final class Rfc3339 implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String text) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + text + "' is not an RFC 3339 time like 2027-01-31T00:00:00Z");
      }
    }
  }

  /** An ISO-8601 duration: {@code PT1H}, {@code P7D}. */
  static final class Iso8601Duration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + text + "' is not an ISO-8601 duration like PT1H or P7D");
      }
    }
  }

  /** A JSON object: {@code {"tier":"gold"}}. */
  static final class MetaJson implements ITypeConverter<Meta> {
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    @Override
    public Meta convert(String text) {
      try {
        Map<String, Object> value = Json.mapper().readValue(text, OBJECT);
        if (value == null) {
          throw new TypeConversionException("must be a JSON object like {\"tier\":\"gold\"}");
        }
        return new Meta(value);
      } catch (JsonProcessingException e) {
        throw new TypeConversionException(
            "must be a JSON object like {\"tier\":\"gold\"}: " + e.getOriginalMessage());
      }
    }
  }

  private static final Pattern SHORT_PERIOD = Pattern.compile("([0-9]{1,9})([smhd])");

  /**
   * A period in short form ({@code 1s}, {@code 30s}, {@code 1m}, {@code 1h}, {@code 1d}) as
   * ISO-8601 ({@code PT1S} ... {@code P1D}); an ISO-8601 duration passes as it is. The server
   * checks the range.
   */
  static String period(String text) {
    Matcher m = SHORT_PERIOD.matcher(text);
    if (m.matches()) {
      String n = m.group(1);
      return switch (m.group(2)) {
        case "s" -> "PT" + n + "S";
        case "m" -> "PT" + n + "M";
        case "h" -> "PT" + n + "H";
        default -> "P" + n + "D";
      };
    }
    if (text.startsWith("P") || text.startsWith("p")) {
      return text.toUpperCase(Locale.ROOT);
    }
    throw new TypeConversionException(
        "'" + text + "' is not a period like 1s, 30s, 1m, 1h, 1d or an ISO-8601 duration (PT5M)");
  }

  private static long number(String text, String what) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + text + "' is not a whole number (" + what + ")");
    }
  }

  /** A period for picocli, as {@link #period}. */
  static final class Period implements ITypeConverter<String> {
    @Override
    public String convert(String text) {
      return period(text);
    }
  }

  /** A rate limit: {@code NAME=LIMIT/PERIOD}, e.g. {@code requests=100/1s}. */
  static final class Limit implements ITypeConverter<RateLimit> {
    @Override
    public RateLimit convert(String text) {
      int eq = text.indexOf('=');
      int slash = text.lastIndexOf('/');
      if (eq < 1 || slash < eq + 2 || slash == text.length() - 1) {
        throw new TypeConversionException(
            "'" + text + "' is not a limit like requests=100/1s (NAME=LIMIT/PERIOD)");
      }
      return RateLimit.of(
          text.substring(0, eq),
          number(text.substring(eq + 1, slash), "the limit"),
          period(text.substring(slash + 1)));
    }
  }

  /**
   * A refill policy: {@code AMOUNT/INTERVAL} (every interval, e.g. {@code 1000/1d}) or {@code
   * AMOUNT@DAY} (on that day of each month, e.g. {@code 10000@1}).
   */
  static final class RefillPolicy implements ITypeConverter<Credits.Refill> {
    @Override
    public Credits.Refill convert(String text) {
      int at = text.indexOf('@');
      int slash = text.indexOf('/');
      if (at > 0 && slash < 0 && at < text.length() - 1) {
        long day = number(text.substring(at + 1), "the day of the month");
        if (day < 1 || day > 31) {
          throw new TypeConversionException("'" + text + "': the day of the month is 1 to 31");
        }
        return Credits.Refill.monthly(number(text.substring(0, at), "the amount"), (int) day);
      }
      if (slash > 0 && at < 0 && slash < text.length() - 1) {
        return Credits.Refill.every(
            number(text.substring(0, slash), "the amount"), period(text.substring(slash + 1)));
      }
      throw new TypeConversionException(
          "'" + text + "' is not a refill like 1000/1d (every day) or 10000@1 (on the 1st)");
    }
  }

  /**
   * How soon a key expires, for {@code keys list --expiring-within}: a short period ({@code 7d},
   * {@code 12h}) or an ISO-8601 duration ({@code P7D}), above zero and at most 366 days.
   */
  static final class ExpiryWindow implements ITypeConverter<Duration> {
    private static final Duration MAX = Duration.ofDays(366);

    @Override
    public Duration convert(String text) {
      Duration d;
      try {
        d = Duration.parse(period(text));
      } catch (DateTimeParseException | TypeConversionException e) {
        d = Duration.ZERO;
      }
      if (!d.isPositive() || d.compareTo(MAX) > 0) {
        throw new TypeConversionException(
            "'" + text + "' is not a period like 7d, 12h or P7D, above zero and at most 366d");
      }
      return d;
    }
  }

  /** A key state in any case: {@code active}, {@code REVOKED}. */
  static final class State implements ITypeConverter<KeyState> {
    @Override
    public KeyState convert(String text) {
      try {
        return KeyState.valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + text + "' is not one of " + Arrays.toString(KeyState.values()));
      }
    }
  }
}
