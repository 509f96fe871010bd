package dev.latchkey.core.manage;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.latchkey.api.Json;
import dev.latchkey.api.Problem.FieldError;
import dev.latchkey.core.access.Grant;
import dev.latchkey.core.access.Grants;
import dev.latchkey.core.access.condition.ConditionSyntaxException;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.secret.Ids;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one request's fields, collecting every error, then throws them together. The checks that
 * return a value return it in the form it is stored: text in Unicode NFC, times in milliseconds.
 */
final class Validation {
  static final int MAX_NAME = 128;
  static final int MAX_EXTERNAL_ID = 256;
  static final int MAX_REASON = 512;
  static final int MAX_META_BYTES = 8 * 1024;

  /** The latest time accepted: beyond it, instants stop fitting storage and mean nothing. */
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private final List<FieldError> errors = new ArrayList<>();

  void fail(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  <T> T required(String field, T value) {
    if (value == null) {
      fail(field, "is required");
    }
    return value;
  }

  /**
   * A human label: 1 to {@code max} characters, no control or invisible formatting characters (a
   * right-to-left override could disguise a name), no unpaired surrogate. Returned in NFC, so that
   * two spellings of "café" are one name.
   */
  String text(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    String nfc = Normalizer.normalize(value, Normalizer.Form.NFC);
    if (nfc.isBlank()) {
      fail(field, "must not be blank");
    } else if (nfc.codePointCount(0, nfc.length()) > max) {
      fail(field, "must be at most " + max + " characters");
    } else if (!printable(nfc)) {
      fail(field, "must not contain control, formatting or unpaired surrogate characters");
    }
    return nfc;
  }

  private static boolean printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return false;
      }
      int type = Character.getType(c);
      if (Character.isLowSurrogate(c)
          || type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.UNASSIGNED
          || type == Character.PRIVATE_USE) {
        return false;
      }
    }
    return true;
  }

  void meta(String field, Map<String, Object> meta) {
    if (meta == null) {
      return;
    }
    try {
      if (Json.mapper().writeValueAsBytes(meta).length > MAX_META_BYTES) {
        fail(field, "must be at most " + MAX_META_BYTES + " bytes of JSON");
      }
    } catch (JsonProcessingException e) {
      fail(field, "must be a JSON object");
    }
  }

  /** A deadline: after {@code now}, no later than {@link #LATEST}, kept to the millisecond. */
  Instant deadline(String field, Instant value, Instant now) {
    if (value == null) {
      return null;
    }
    Instant millis = value.truncatedTo(ChronoUnit.MILLIS);
    if (!millis.isAfter(now)) {
      fail(field, "must be in the future");
    } else if (millis.isAfter(LATEST)) {
      fail(field, "must be no later than " + LATEST);
    }
    return millis;
  }

  /** An ISO-8601 duration within 0 and {@code max}, kept to the millisecond. */
  Duration duration(String field, String value, Duration fallback, Duration max) {
    if (value == null) {
      return fallback;
    }
    try {
      Duration d = Duration.parse(value).truncatedTo(ChronoUnit.MILLIS);
      if (d.isNegative() || d.compareTo(max) > 0) {
        fail(field, "must be between PT0S and " + max);
      }
      return d;
    } catch (DateTimeParseException e) {
      fail(field, "must be an ISO-8601 duration such as PT24H or P7D");
      return fallback;
    }
  }

  /**
   * A rate limit's period: an ISO-8601 duration of whole seconds from {@link LimitRule#MIN_PERIOD}
   * to {@link LimitRule#MAX_PERIOD}. Null stays null.
   */
  Duration period(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      Duration d = Duration.parse(value);
      if (d.getNano() != 0
          || d.compareTo(LimitRule.MIN_PERIOD) < 0
          || d.compareTo(LimitRule.MAX_PERIOD) > 0) {
        fail(field, "must be whole seconds from PT1S to P1D");
        return null;
      }
      return d;
    } catch (DateTimeParseException e) {
      fail(field, "must be an ISO-8601 duration such as PT1S, PT1M or P1D");
      return null;
    }
  }

  /**
   * Key grants ({@code orders:read}, {@code orders:*}, {@code *}): each valid, none twice, at most
   * {@link Grants#MAX}. Null stays null (absent); errors name {@code field[i]}.
   */
  List<Grant> grants(String field, List<String> values) {
    if (values == null) {
      return null;
    }
    if (values.size() > Grants.MAX) {
      fail(field, "must list at most " + Grants.MAX + " permissions");
      return List.of();
    }
    Set<Grant> grants = new LinkedHashSet<>();
    for (int i = 0; i < values.size(); i++) {
      String item = field + "[" + i + "]";
      try {
        if (!grants.add(Grant.parse(String.valueOf(values.get(i))))) {
          fail(item, "is listed twice");
        }
      } catch (IllegalArgumentException e) {
        fail(item, e.getMessage());
      }
    }
    return List.copyOf(grants);
  }

  /**
   * A CEL condition: compiled with {@code conditions} to check it; an error names the line and
   * column and the 0-based offset. Returned as given.
   */
  String condition(String field, String expression, Conditions conditions) {
    if (expression == null) {
      return null;
    }
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t') {
        fail(field, "must not contain control characters (position " + i + ")");
        return expression;
      }
    }
    try {
      conditions.compile(expression);
    } catch (ConditionSyntaxException e) {
      fail(field, e.getMessage() + (e.position() < 0 ? "" : " (position " + e.position() + ")"));
    }
    return expression;
  }

  void id(String field, String type, String value) {
    if (value != null && !Ids.isValid(type, value)) {
      fail(field, "is not a " + type + "_ id");
    }
  }

  void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }
}
