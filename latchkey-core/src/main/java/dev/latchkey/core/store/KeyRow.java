package dev.latchkey.core.store;

import dev.latchkey.core.limit.Limits;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A key as stored: everything but its secrets, whose digests live in {@link SecretRepository}. The
 * display forms of its secrets are kept here too, so lists need no second query.
 *
 * @param start display form of the live secret
 * @param rotatedAt when the key was last rotated, or null
 * @param previousStart display form of the secret the last rotation retired, or null
 * @param graceEndsAt when that secret stops verifying, or null
 * @param previousSecretLastUsedAt when that secret was last presented after the rotation
 * @param permissions grants held directly
 * @param roles ids of the roles held
 * @param condition CEL expression that must hold at every verification, or null
 * @param limits the key's own rate limits and credit policy; never null ({@link Limits#NONE})
 */
public record KeyRow(
    String id,
    String workspaceId,
    String serviceId,
    String consumerId,
    String name,
    Map<String, Object> meta,
    boolean enabled,
    Instant expiresAt,
    Instant createdAt,
    Instant updatedAt,
    Instant revokedAt,
    String revokeReason,
    String start,
    Instant rotatedAt,
    String previousStart,
    Instant graceEndsAt,
    Instant previousSecretLastUsedAt,
    List<String> permissions,
    List<String> roles,
    String condition,
    Limits limits) {

  /** This key with the fields a PATCH may change. */
  public KeyRow updated(
      String name, Map<String, Object> meta, boolean enabled, Instant expiresAt, Instant at) {
    Draft d = new Draft(this, at);
    d.name = name;
    d.meta = meta;
    d.enabled = enabled;
    d.expiresAt = expiresAt;
    return d.build();
  }

  /** This key holding {@code permissions}, {@code roles} and {@code condition} from {@code at}. */
  public KeyRow withAccess(
      List<String> permissions, List<String> roles, String condition, Instant at) {
    Draft d = new Draft(this, at);
    d.permissions = permissions;
    d.roles = roles;
    d.condition = condition;
    return d.build();
  }

  /** This key holding {@code limits} from {@code at}. */
  public KeyRow withLimits(Limits limits, Instant at) {
    Draft d = new Draft(this, at);
    d.limits = limits;
    return d.build();
  }

  /** This key after a rotation at {@code at} to a secret displayed as {@code newStart}. */
  public KeyRow rotated(String newStart, Instant at, Instant graceEnds) {
    Draft d = new Draft(this, at);
    d.previousStart = start;
    d.start = newStart;
    d.rotatedAt = at;
    d.graceEndsAt = graceEnds;
    d.previousSecretLastUsedAt = null;
    return d.build();
  }

  /** This key revoked at {@code at}. */
  public KeyRow revoked(Instant at, String reason) {
    Draft d = new Draft(this, at);
    d.revokedAt = at;
    d.revokeReason = reason;
    return d.build();
  }

  /** A copy of a key being changed at one instant: the one place that lists every field. */
  private static final class Draft {
    private final KeyRow from;
    private final Instant updatedAt;
    String name;
    Map<String, Object> meta;
    boolean enabled;
    Instant expiresAt;
    Instant revokedAt;
    String revokeReason;
    String start;
    Instant rotatedAt;
    String previousStart;
    Instant graceEndsAt;
    Instant previousSecretLastUsedAt;
    List<String> permissions;
    List<String> roles;
    String condition;
    Limits limits;

    Draft(KeyRow from, Instant updatedAt) {
      this.from = from;
      this.updatedAt = updatedAt;
      name = from.name;
      meta = from.meta;
      enabled = from.enabled;
      expiresAt = from.expiresAt;
      revokedAt = from.revokedAt;
      revokeReason = from.revokeReason;
      start = from.start;
      rotatedAt = from.rotatedAt;
      previousStart = from.previousStart;
      graceEndsAt = from.graceEndsAt;
      previousSecretLastUsedAt = from.previousSecretLastUsedAt;
      permissions = from.permissions;
      roles = from.roles;
      condition = from.condition;
      limits = from.limits;
    }

    KeyRow build() {
      return new KeyRow(
          from.id,
          from.workspaceId,
          from.serviceId,
          from.consumerId,
          name,
          meta,
          enabled,
          expiresAt,
          from.createdAt,
          updatedAt,
          revokedAt,
          revokeReason,
          start,
          rotatedAt,
          previousStart,
          graceEndsAt,
          previousSecretLastUsedAt,
          permissions,
          roles,
          condition,
          limits);
    }
  }

  public KeyRow {
    permissions = permissions == null ? List.of() : List.copyOf(permissions);
    roles = roles == null ? List.of() : List.copyOf(roles);
    limits = limits == null ? Limits.NONE : limits;
    meta =
        meta == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(meta));
  }
}
