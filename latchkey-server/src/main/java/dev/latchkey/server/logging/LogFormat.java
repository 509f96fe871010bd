package dev.latchkey.server.logging;

import java.util.Locale;
import java.util.Optional;

/**
 * How log lines are written: {@code text} (one readable line) or {@code json} (one JSON object a
 * line). Chosen at start from {@code LATCHKEY_LOG_FORMAT} (system property or environment), and by
 * {@code latchkey server --log-format}; both appenders of logback.xml ask {@link #current()} for
 * every event, so a switch takes effect at once.
 */
public enum LogFormat {
  TEXT,
  JSON;

  private static volatile LogFormat current = fromSetting();

  /** The format in use. */
  public static LogFormat current() {
    return current;
  }

  /** Writes every later line in {@code format}. */
  public static void use(LogFormat format) {
    current = format;
  }

  /** {@code text} or {@code json}, in any case; empty for anything else. */
  public static Optional<LogFormat> parse(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "text" -> Optional.of(TEXT);
      case "json" -> Optional.of(JSON);
      default -> Optional.empty();
    };
  }

  private static LogFormat fromSetting() {
    String setting =
        System.getProperty("LATCHKEY_LOG_FORMAT", System.getenv("LATCHKEY_LOG_FORMAT"));
    return setting == null ? TEXT : parse(setting).orElse(TEXT);
  }
}
