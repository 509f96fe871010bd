package dev.latchkey.server.cli;

import dev.latchkey.api.KeyRotation;
import dev.latchkey.api.RotationPolicy;
import dev.latchkey.api.Sink;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** How sinks, rotation policies and rotations read for people (see {@link Views}). */
final class RotationViews {
  static final Views.Columns<Sink> SINKS =
      new Views.Columns<>(
          List.of("ID", "NAME", "TYPE", "CREDENTIALS", "CREATED"),
          s -> row(s.id(), s.name(), s.type(), s.credentials(), s.createdAt()));

  static final Views.Columns<KeyRotation> ROTATIONS =
      new Views.Columns<>(
          List.of("ID", "REASON", "STATUS", "SINK", "ATTEMPTS", "NEXT_ATTEMPT", "COMPLETED"),
          r ->
              row(
                  r.id(),
                  r.reason(),
                  r.status(),
                  r.sink(),
                  r.attempts(),
                  r.nextAttemptAt(),
                  r.completedAt()));

  private RotationViews() {}

  /** A sink: its credentials by name only (their values are never answered). */
  static Map<String, Object> of(Sink s) {
    return Views.fields(
        "id", s.id(),
        "name", s.name(),
        "type", s.type(),
        "settings", s.settings(),
        "credentials", s.credentials(),
        "created_at", s.createdAt(),
        "updated_at", s.updatedAt());
  }

  static Map<String, Object> of(RotationPolicy p) {
    return Views.fields(
        "target", p.target() + ":" + p.targetId(),
        "max_age", p.maxAge(),
        "rotate_before_expiry", p.rotateBeforeExpiry(),
        "grace_period", p.gracePeriod(),
        "sink", p.sink(),
        "updated_at", p.updatedAt());
  }

  static Map<String, Object> of(KeyRotation r) {
    return Views.fields(
        "id", r.id(),
        "key", r.key(),
        "reason", r.reason(),
        "status", r.status(),
        "sink", r.sink(),
        "grace_period", r.gracePeriod(),
        "attempts", r.attempts(),
        "next_attempt_at", r.nextAttemptAt(),
        "last_error", r.lastError(),
        "location", r.location(),
        "created_at", r.createdAt(),
        "completed_at", r.completedAt());
  }

  private static List<Object> row(Object... cells) {
    return Arrays.asList(cells);
  }
}
