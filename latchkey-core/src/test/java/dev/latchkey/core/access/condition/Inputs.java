package dev.latchkey.core.access.condition;

import java.time.Instant;
import java.util.Map;

/** Inputs for tests: a GET from 10.1.2.3 to /orders/42 of a gold key, at a fixed time. */
final class Inputs {
  static final Instant NOW = Instant.parse("2025-06-02T10:15:00Z"); // a Monday, 12:15 in Berlin

  private Inputs() {}

  static ConditionInput.Request request() {
    return new ConditionInput.Request(
        "10.1.2.3", "GET", "/orders/42", "orders", Map.of("X-Team", "blue"));
  }

  static ConditionInput.Key key() {
    return new ConditionInput.Key(
        Map.of("tier", "gold", "quota", 3, "regions", java.util.List.of("eu", "us")),
        "con_1",
        Instant.parse("2025-01-01T00:00:00Z"));
  }

  static ConditionInput input() {
    return new ConditionInput(request(), key(), NOW);
  }

  static ConditionInput at(Instant now) {
    return new ConditionInput(request(), key(), now);
  }

  static ConditionInput from(String ip) {
    ConditionInput.Request r = request();
    return new ConditionInput(
        new ConditionInput.Request(ip, r.method(), r.path(), r.service(), r.headers()), key(), NOW);
  }

  static ConditionInput withMeta(Map<String, Object> meta) {
    return new ConditionInput(request(), new ConditionInput.Key(meta, "con_1", NOW), NOW);
  }
}
