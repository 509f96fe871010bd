package dev.latchkey.api.audit;

import dev.latchkey.api.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON text of a value, after RFC 8785 (JCS): object members sorted by their names'
 * UTF-16 code units, no whitespace, strings escaped only where JSON requires ({@code \"}, {@code
 * \\}, {@code \b \f \n \r \t}, other control characters as a backslash, {@code u} and four
 * lowercase hex digits). Numbers: one departure from JCS, so that no integer loses digits: a number
 * without a fractional part is written as its exact decimal integer; any other as ECMAScript's
 * {@code Number::toString} of the nearest double (as JCS). Not-a-number and infinities are refused.
 *
 * <p>Values are what Jackson reads JSON into (maps, lists, strings, numbers, booleans, null); any
 * other object is first converted as the wire's {@link Json#mapper()} would write it. Stateless.
 */
final class CanonicalJson {
  private CanonicalJson() {}

  static void write(Object value, StringBuilder out) {
    // instanceof in order of frequency: cheaper than a pattern switch on this path (measured)
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Map<?, ?> m) {
      object(m, out);
    } else if (value instanceof Collection<?> c) {
      array(c, out);
    } else if (value instanceof Number n) {
      out.append(number(n));
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else {
      write(Json.mapper().convertValue(value, Object.class), out);
    }
  }

  private static void object(Map<?, ?> map, StringBuilder out) {
    List<String> names = new ArrayList<>(map.size());
    for (Object name : map.keySet()) {
      names.add(String.valueOf(name));
    }
    names.sort(null); // String order is UTF-16 code unit order, as JCS sorts
    out.append('{');
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      string(names.get(i), out);
      out.append(':');
      write(map.get(names.get(i)), out);
    }
    out.append('}');
  }

  private static void array(Collection<?> items, StringBuilder out) {
    out.append('[');
    boolean first = true;
    for (Object item : items) {
      if (!first) {
        out.append(',');
      }
      first = false;
      write(item, out);
    }
    out.append(']');
  }

  static void string(String s, StringBuilder out) {
    out.append('"');
    int plain = 0;
    while (plain < s.length() && !escaped(s.charAt(plain))) {
      plain++;
    }
    // ids, hashes and most text need no escape: appended whole, not a char at a time (measured)
    out.append(s, 0, plain);
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(Character.forDigit(c >> 4, 16));
            out.append(Character.forDigit(c & 0xf, 16));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean escaped(char c) {
    return c < 0x20 || c == '"' || c == '\\';
  }

  static String number(Number n) {
    return switch (n) {
      case Integer i -> Integer.toString(i);
      case Long l -> Long.toString(l);
      case Short s -> Short.toString(s);
      case Byte b -> Byte.toString(b);
      case BigInteger b -> b.toString();
      case BigDecimal d -> decimal(d);
      case Float f -> decimal(finite(f.doubleValue(), () -> new BigDecimal(Float.toString(f))));
      case Double d -> decimal(finite(d, () -> BigDecimal.valueOf(d)));
      default -> decimal(new BigDecimal(n.toString()));
    };
  }

  private static BigDecimal finite(double d, java.util.function.Supplier<BigDecimal> exact) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("a canonical number is finite");
    }
    return exact.get();
  }

  private static String decimal(BigDecimal d) {
    if (d.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = d.stripTrailingZeros();
    if (stripped.scale() <= 0) {
      return stripped.toBigIntegerExact().toString();
    }
    return ecmaScript(stripped.doubleValue());
  }

  /** ECMAScript Number::toString for a finite double with a fractional part. */
  static String ecmaScript(double value) {
    if (value == 0) {
      return "0";
    }
    String sign = value < 0 ? "-" : "";
    BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // value = 0.digits × 10^n
    String body;
    if (k <= n && n <= 21) {
      body = digits + "0".repeat(n - k);
    } else if (0 < n && n <= 21) {
      body = digits.substring(0, n) + "." + digits.substring(n);
    } else if (-6 < n && n <= 0) {
      body = "0." + "0".repeat(-n) + digits;
    } else {
      int e = n - 1;
      String exponent = "e" + (e < 0 ? "-" : "+") + Math.abs(e);
      body = k == 1 ? digits + exponent : digits.charAt(0) + "." + digits.substring(1) + exponent;
    }
    return sign + body;
  }
}
