package dev.latchkey.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.latchkey.api.Json;
import dev.latchkey.api.KeyState;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
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
