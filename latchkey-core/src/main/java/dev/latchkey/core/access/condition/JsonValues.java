package dev.latchkey.core.access.condition;

import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values as Java libraries give them, turned into the values CEL's runtime expects: {@code
 * long} for whole numbers, {@code double} for others, CEL's {@code null}, unmodifiable lists and
 * maps. Recursion is as deep as the JSON, which its parser bounds.
 */
final class JsonValues {
  private JsonValues() {}

  static Map<String, Object> celMap(Map<?, ?> json) {
    Map<String, Object> copy = new LinkedHashMap<>(json.size() * 2);
    json.forEach(
        (name, value) -> {
          if (!(name instanceof String text)) {
            throw new IllegalArgumentException("JSON object keys are strings, not " + name);
          }
          copy.put(text, cel(value));
        });
    return Collections.unmodifiableMap(copy);
  }

  static Object cel(Object json) {
    return switch (json) {
      case null -> NullValue.NULL_VALUE;
      case String s -> s;
      case Boolean b -> b;
      case Long l -> l;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Double d -> d;
      case Float f -> f.doubleValue();
      case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
      case BigDecimal d -> decimal(d);
      case Map<?, ?> m -> celMap(m);
      case List<?> l -> celList(l);
      default ->
          throw new IllegalArgumentException(
              "key metadata holds JSON values only, not " + json.getClass().getSimpleName());
    };
  }

  private static List<Object> celList(List<?> json) {
    List<Object> copy = new ArrayList<>(json.size());
    json.forEach(v -> copy.add(cel(v)));
    return Collections.unmodifiableList(copy);
  }

  private static Object decimal(BigDecimal d) {
    try {
      return d.longValueExact();
    } catch (ArithmeticException notAWholeLong) {
      return d.doubleValue();
    }
  }
}
