package dev.latchkey.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.latchkey.api.Json;
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

  static List<String> strings(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : read(text, STRINGS);
  }

  private static <T> T read(String text, TypeReference<T> type) throws SQLException {
    try {
      return Json.mapper().readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new SQLException("stored JSON cannot be read", e);
    }
  }
}
