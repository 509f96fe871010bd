package dev.latchkey.core.manage;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.latchkey.api.Json;
import dev.latchkey.api.Problem.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects every field error of one request, then throws them together. */
final class Validation {
  static final int MAX_NAME = 128;
  static final int MAX_EXTERNAL_ID = 256;
  static final int MAX_REASON = 512;
  static final int MAX_META_BYTES = 8 * 1024;

  private final List<FieldError> errors = new ArrayList<>();

  void fail(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  String required(String field, String value) {
    if (value == null) {
      fail(field, "is required");
    }
    return value;
  }

  /** A human label: 1 to {@code max} characters, no control characters. */
  void text(String field, String value, int max) {
    if (value == null) {
      return;
    }
    if (value.isBlank()) {
      fail(field, "must not be blank");
    } else if (value.length() > max) {
      fail(field, "must be at most " + max + " characters");
    } else if (value.chars().anyMatch(Character::isISOControl)) {
      fail(field, "must not contain control characters");
    }
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

  void future(String field, Instant value, Instant now) {
    if (value != null && !value.isAfter(now)) {
      fail(field, "must be in the future");
    }
  }

  Duration duration(String field, String value, Duration fallback, Duration max) {
    if (value == null) {
      return fallback;
    }
    try {
      Duration d = Duration.parse(value);
      if (d.isNegative() || d.compareTo(max) > 0) {
        fail(field, "must be between PT0S and " + max);
      }
      return d;
    } catch (DateTimeParseException e) {
      fail(field, "must be an ISO-8601 duration such as PT24H or P7D");
      return fallback;
    }
  }

  void id(String field, String type, String value) {
    if (value != null && !dev.latchkey.core.secret.Ids.isValid(type, value)) {
      fail(field, "is not a " + type + "_ id");
    }
  }

  void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }
}
