package dev.latchkey.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.latchkey.api.Credits;
import dev.latchkey.api.Json;
import dev.latchkey.api.RateLimit;
import dev.latchkey.core.limit.Limits;
import dev.latchkey.core.limit.WireLimits;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Conversions between column values and Java values: instants as epoch milliseconds, maps and lists
 * as JSON text. SQL NULL is Java null both ways.
 */
final class Columns {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<List<RateLimit>> RATE_LIMITS = new TypeReference<>() {};
  private static final String NO_LIMITS = "[]";

  private Columns() {}

  static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  static String json(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as JSON", e);
    }
  }

  static Map<String, Object> map(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : read(text, MAP);
  }

  /** The map a JSON object's text holds; null for null. */
  static Map<String, Object> readMap(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Json.mapper().readValue(text, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("JSON written here always reads back", e);
    }
  }

  /** The map a stored JSON object's text holds; null for null. */
  static Map<String, Object> readMapOrThrow(String text) throws SQLException {
    return text == null ? null : read(text, MAP);
  }

  /** A JSON object of strings, as {@link #json} wrote it. */
  static Map<String, String> stringMap(ResultSet rs, String column) throws SQLException {
    Map<String, Object> map = map(rs, column);
    Map<String, String> strings = new java.util.LinkedHashMap<>();
    if (map != null) {
      map.forEach((k, v) -> strings.put(k, String.valueOf(v)));
    }
    return strings;
  }

  static List<String> strings(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : read(text, STRINGS);
  }

  /** The rate limits of a {@code limits} column, in their wire form; {@code []} when none. */
  static List<RateLimit> rateLimits(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null || text.equals(NO_LIMITS) ? List.of() : read(text, RATE_LIMITS);
  }

  /** The credit policy of a {@code credits} column, wire form, no remaining; null for none. */
  static Credits credits(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : read(text, new TypeReference<Credits>() {});
  }

  /** The limits stored in a {@code limits} and a {@code credits} column. */
  static Limits limits(ResultSet rs, String limitsColumn, String creditsColumn)
      throws SQLException {
    List<RateLimit> rates = rateLimits(rs, limitsColumn);
    Credits credits = credits(rs, creditsColumn);
    if (rates.isEmpty() && credits == null) {
      return Limits.NONE;
    }
    try {
      return WireLimits.limits(rates, credits);
    } catch (RuntimeException e) {
      throw new SQLException("stored limits cannot be read", e);
    }
  }

  /** The {@code limits} column of {@code rates}. */
  static String rateLimitsJson(List<RateLimit> rates) {
    return rates == null || rates.isEmpty() ? NO_LIMITS : json(rates);
  }

  /** The {@code credits} column of {@code credits}: its policy only; null for none. */
  static String creditsJson(Credits credits) {
    return credits == null ? null : json(new Credits(null, credits.refill()));
  }

  private static <T> T read(String text, TypeReference<T> type) throws SQLException {
    try {
      return Json.mapper().readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new SQLException("stored JSON cannot be read", e);
    }
  }
}
