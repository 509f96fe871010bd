package dev.latchkey.server.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Turns Jackson's failures into a field path and a message that never echoes the input. Field names
 * are client text too: a name is shown only when it has the shape of a wire field name ({@code
 * [a-z][a-z0-9_]*}, which no key has: keys mix cases), else as {@code ?}.
 */
final class JsonErrors {
  private static final java.util.regex.Pattern FIELD =
      java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private JsonErrors() {}

  /** The field name if it has the shape of a wire field name, else {@code ?}. */
  static String safe(String name) {
    return FIELD.matcher(name).matches() ? name : "?";
  }

  static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(safe(ref.getFieldName()));
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "body" : path.toString();
  }

  static String expectation(JsonMappingException e) {
    if (e instanceof ValueInstantiationException) {
      return "is invalid";
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      Class<?> t = m.getTargetType();
      if (t == String.class) {
        return "must be a string";
      }
      if (t == Boolean.class || t == boolean.class) {
        return "must be true or false";
      }
      if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
        return "must be an integer";
      }
      if (t == Instant.class) {
        return "must be an RFC 3339 timestamp such as 2030-01-01T00:00:00Z";
      }
      if (Map.class.isAssignableFrom(t) || t.isRecord()) {
        return "must be a JSON object";
      }
      if (Collection.class.isAssignableFrom(t)) {
        return "must be a JSON array";
      }
      if (t.isEnum()) {
        return "must be one of " + java.util.Arrays.toString(t.getEnumConstants());
      }
    }
    return "has the wrong type";
  }
}
