package dev.latchkey.core.access.condition;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Wall-clock time in a time zone, for {@code time_of_day} and {@code between_times}. Minutes are
 * the local clock's ({@code hour * 60 + minute}), not minutes elapsed since midnight: on a day when
 * the clocks go forward the skipped hour never shows, and when they go back the repeated hour shows
 * twice. Every failure is an {@link IllegalArgumentException} with a safe message.
 */
final class TimesOfDay {
  private TimesOfDay() {}

  /** Minutes since local midnight on the clocks of {@code zone} at {@code instant}. */
  static long minutes(Instant instant, ZoneId zone) {
    LocalTime local = LocalTime.ofInstant(instant, zone);
    return local.getHour() * 60L + local.getMinute();
  }

  /**
   * Whether the local time at {@code instant} is in {@code [start, end)}; a window whose start is
   * after its end wraps past midnight ({@code 22:00} to {@code 06:00}).
   */
  static boolean between(Instant instant, String start, String end, ZoneId zone) {
    int from = clockTime(start);
    int to = clockTime(end);
    if (from == to) {
      throw new IllegalArgumentException("the window from " + start + " to " + end + " is empty");
    }
    long now = minutes(instant, zone);
    return from < to ? now >= from && now < to : now >= from || now < to;
  }

  /**
   * The zone named {@code name}: an IANA name ({@code Europe/Berlin}), {@code UTC}, or an offset
   * ({@code +01:00}); like CEL's own {@code getHours(tz)}, {@code 1:30} also means {@code +01:30}.
   */
  static ZoneId zone(String name) {
    try {
      return ZoneId.of(name);
    } catch (DateTimeException notAZoneName) {
      return offset(name);
    }
  }

  /** Minutes since midnight written as {@code HH:MM}, 00:00 to 23:59. */
  static int clockTime(String text) {
    if (text.length() == 5 && text.charAt(2) == ':') {
      int hours = twoDigits(text, 0);
      int minutes = twoDigits(text, 3);
      if (hours >= 0 && hours < 24 && minutes >= 0 && minutes < 60) {
        return hours * 60 + minutes;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a time of day HH:MM (00:00-23:59)");
  }

  private static ZoneId offset(String name) {
    int colon = name.indexOf(':');
    if (colon > 0 && colon < 4 && name.length() - colon == 3) {
      try {
        int hours = Integer.parseInt(name.substring(0, colon));
        int minutes = Integer.parseInt(name.substring(colon + 1));
        String sign = hours < 0 || name.startsWith("-") ? "-" : "+";
        return ZoneId.of(String.format(Locale.ROOT, "%s%02d:%02d", sign, Math.abs(hours), minutes));
      } catch (NumberFormatException | DateTimeException notAnOffset) {
        // falls through to the one error message below
      }
    }
    throw new IllegalArgumentException("unknown time zone '" + name + "'");
  }

  private static int twoDigits(String text, int at) {
    char tens = text.charAt(at);
    char ones = text.charAt(at + 1);
    if (tens < '0' || tens > '9' || ones < '0' || ones > '9') {
      return -1;
    }
    return (tens - '0') * 10 + (ones - '0');
  }
}
