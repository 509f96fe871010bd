package dev.latchkey.client;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which audit events {@link AuditApi#list} returns: by actor, action, target and time, each
 * optional, combined with AND. Start from {@link #any()} and narrow: {@code
 * AuditFilter.any().action("key.*").since(yesterday)}. Immutable.
 */
public final class AuditFilter {
  private static final AuditFilter ANY = new AuditFilter(Map.of());

  private final Map<String, String> params;

  private AuditFilter(Map<String, String> params) {
    this.params = Map.copyOf(params);
  }

  /** Every event of the workspace. */
  public static AuditFilter any() {
    return ANY;
  }

  /** Also requires the actor to have this type ({@code root_key}, {@code system}). */
  public AuditFilter actorType(String type) {
    return with("actor_type", type);
  }

  /** Also requires the actor to be this one (a root key's id, or {@code system}). */
  public AuditFilter actorId(String id) {
    return with("actor_id", id);
  }

  /**
   * Also requires this action ({@code key.created}), or a prefix ending in {@code *} ({@code
   * key.*}).
   */
  public AuditFilter action(String action) {
    return with("action", action);
  }

  /** Also requires the target to have this type ({@code key}, {@code route}, …). */
  public AuditFilter targetType(String type) {
    return with("target_type", type);
  }

  /** Also requires the target to have this id. */
  public AuditFilter targetId(String id) {
    return with("target_id", id);
  }

  /** Also requires the event to be at or after {@code time}. */
  public AuditFilter since(Instant time) {
    return with("since", Objects.requireNonNull(time, "time").toString());
  }

  /** Also requires the event to be before {@code time}. */
  public AuditFilter until(Instant time) {
    return with("until", Objects.requireNonNull(time, "time").toString());
  }

  private AuditFilter with(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(params);
    more.put(name, Objects.requireNonNull(value, name));
    return new AuditFilter(more);
  }

  private static final java.util.List<String> ORDER =
      java.util.List.of(
          "actor_type", "actor_id", "action", "target_type", "target_id", "since", "until");

  /** The query parameters, by name, always in the same order (requests are reproducible). */
  Map<String, String> params() {
    Map<String, String> ordered = new LinkedHashMap<>();
    for (String name : ORDER) {
      if (params.containsKey(name)) {
        ordered.put(name, params.get(name));
      }
    }
    return ordered;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditFilter other && params.equals(other.params);
  }

  @Override
  public int hashCode() {
    return params.hashCode();
  }

  @Override
  public String toString() {
    return "AuditFilter" + new java.util.TreeMap<>(params);
  }
}
