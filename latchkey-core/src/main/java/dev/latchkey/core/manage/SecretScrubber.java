package dev.latchkey.core.manage;

import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.secret.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of alerts: any word of a string that parses as a Latchkey key (its checksum
 * holds) becomes its display start and an ellipsis. A rule should never put one there; this is the
 * net below it.
 */
final class SecretScrubber {
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]{20,}");
  private static final int MAX_DEPTH = 8;

  private SecretScrubber() {}

  static String text(String value, int max) {
    String scrubbed = scrub(value);
    return scrubbed.length() > max ? scrubbed.substring(0, max) : scrubbed;
  }

  static Map<String, Object> details(Map<String, Object> details) {
    return map(details, 0);
  }

  private static Map<String, Object> map(Map<?, ?> in, int depth) {
    Map<String, Object> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(scrub(String.valueOf(k)), value(v, depth + 1)));
    return out;
  }

  private static Object value(Object v, int depth) {
    if (depth > MAX_DEPTH) {
      return "…";
    }
    return switch (v) {
      case null -> null;
      case String s -> scrub(s);
      case Map<?, ?> m -> map(m, depth);
      case List<?> l -> l.stream().map(e -> value(e, depth + 1)).toList();
      case Number n -> n;
      case Boolean b -> b;
      default -> scrub(String.valueOf(v));
    };
  }

  static String scrub(String text) {
    Matcher m = WORD.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      Optional<Secret> secret = KeyFormat.parse(m.group());
      if (secret.isPresent()) {
        if (out == null) {
          out = new StringBuilder();
        }
        out.append(text, last, m.start()).append(secret.get().start()).append('…');
        last = m.end();
      }
    }
    return out == null ? text : out.append(text.substring(last)).toString();
  }
}
