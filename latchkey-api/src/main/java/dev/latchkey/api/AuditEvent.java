package dev.latchkey.api;

import java.time.Instant;
import java.util.Map;

/** Who did what to which object, when and from where. Never holds a secret. */
public record AuditEvent(
    String id,
    Instant time,
    Actor actor,
    String action,
    Target target,
    String requestId,
    String sourceAddress,
    Map<String, Object> details) {

  /** The principal that acted: {@code root_key} or {@code system}. */
  public record Actor(String type, String id) {}

  /** The object acted on. */
  public record Target(String type, String id) {}
}
