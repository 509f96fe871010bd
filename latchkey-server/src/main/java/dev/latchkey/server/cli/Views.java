package dev.latchkey.server.cli;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.Consumer;
import dev.latchkey.api.Credits;
import dev.latchkey.api.Key;
import dev.latchkey.api.RateLimit;
import dev.latchkey.api.RateLimitResult;
import dev.latchkey.api.RateLimitState;
import dev.latchkey.api.Role;
import dev.latchkey.api.RootKey;
import dev.latchkey.api.Service;
import dev.latchkey.api.Verdict;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** How each wire record reads for people: its table columns and its key/value lines. */
final class Views {
  /** Table headers and how to fill a row. */
  record Columns<T>(List<String> headers, Function<T, List<Object>> row) {}

  static final Columns<Service> SERVICES =
      new Columns<>(
          List.of("ID", "NAME", "PREFIX", "CREATED"),
          s -> row(s.id(), s.name(), s.prefix(), s.createdAt()));

  static final Columns<Consumer> CONSUMERS =
      new Columns<>(
          List.of("ID", "NAME", "EXTERNAL_ID", "CREATED"),
          c -> row(c.id(), c.name(), c.externalId(), c.createdAt()));

  static final Columns<Key> KEYS =
      new Columns<>(
          List.of("ID", "NAME", "STATE", "START", "SERVICE", "CONSUMER", "EXPIRES"),
          k ->
              row(
                  k.id(),
                  k.name(),
                  k.state(),
                  k.start(),
                  k.service(),
                  k.consumer(),
                  k.expiresAt()));

  static final Columns<RootKey> ROOT_KEYS =
      new Columns<>(
          List.of("ID", "NAME", "START", "PERMISSIONS", "EXPIRES", "REVOKED"),
          r -> row(r.id(), r.name(), r.start(), r.permissions(), r.expiresAt(), r.revokedAt()));

  static final Columns<Role> ROLES =
      new Columns<>(
          List.of("ID", "NAME", "PERMISSIONS", "CONDITION", "CREATED"),
          r -> row(r.id(), r.name(), r.permissions(), r.condition(), r.createdAt()));

  static final Columns<AuditEvent> AUDIT =
      new Columns<>(
          List.of("TIME", "ACTION", "ACTOR", "TARGET", "REQUEST_ID"),
          e ->
              row(
                  e.time(),
                  e.action(),
                  e.actor() == null ? null : e.actor().type() + ":" + e.actor().id(),
                  e.target() == null ? null : e.target().type() + ":" + e.target().id(),
                  e.requestId()));

  private Views() {}

  static Map<String, Object> of(Service s) {
    return fields(
        "id",
        s.id(),
        "name",
        s.name(),
        "prefix",
        s.prefix(),
        "created_at",
        s.createdAt(),
        "updated_at",
        s.updatedAt());
  }

  static Map<String, Object> of(Consumer c) {
    Map<String, Object> fields =
        fields(
            "id",
            c.id(),
            "name",
            c.name(),
            "external_id",
            c.externalId(),
            "meta",
            c.meta(),
            "created_at",
            c.createdAt(),
            "updated_at",
            c.updatedAt());
    usage(fields, c.limits(), c.credits());
    return fields;
  }

  /** A balance: what is left, and how it is refilled. */
  static Map<String, Object> of(Credits c) {
    return fields("credits", c.remaining(), "refill", refill(c.refill()));
  }

  /** Adds {@code limits} and {@code credits} lines: {@code requests=100/PT1S}, the balance. */
  private static void usage(Map<String, Object> fields, List<RateLimit> limits, Credits credits) {
    fields.put(
        "limits",
        limits == null
            ? null
            : limits.stream().map(l -> l.name() + "=" + l.limit() + "/" + l.period()).toList());
    fields.put("credits", credits == null ? "unlimited" : credits.remaining());
    fields.put("refill", credits == null ? null : refill(credits.refill()));
  }

  private static String refill(Credits.Refill r) {
    if (r == null) {
      return null;
    }
    return r.interval() != null
        ? "to " + r.amount() + " every " + r.interval()
        : "to " + r.amount() + " on day " + r.dayOfMonth() + " of each month";
  }

  static Map<String, Object> of(Key k) {
    Map<String, Object> fields =
        fields(
            "id",
            k.id(),
            "name",
            k.name(),
            "state",
            k.state(),
            "start",
            k.start(),
            "service",
            k.service(),
            "consumer",
            k.consumer(),
            "enabled",
            k.enabled(),
            "meta",
            k.meta(),
            "expires_at",
            k.expiresAt(),
            "created_at",
            k.createdAt(),
            "updated_at",
            k.updatedAt(),
            "revoked_at",
            k.revokedAt(),
            "revoke_reason",
            k.revokeReason());
    fields.put("permissions", k.permissions());
    fields.put("roles", k.roles());
    fields.put("condition", k.condition());
    usage(fields, k.limits(), k.credits());
    if (k.rotation() != null) {
      Key.Rotation r = k.rotation();
      fields.put("rotated_at", r.rotatedAt());
      fields.put("previous_start", r.previousStart());
      fields.put("grace_ends_at", r.graceEndsAt());
      fields.put("previous_secret_last_used_at", r.previousSecretLastUsedAt());
    }
    if (k.lastUsedAt() != null) {
      fields.put("last_used_at", k.lastUsedAt());
      fields.put("last_client_address", k.lastClientAddress());
    }
    return fields;
  }

  static Map<String, Object> of(RootKey r) {
    Map<String, Object> fields =
        fields(
            "id",
            r.id(),
            "name",
            r.name(),
            "start",
            r.start(),
            "permissions",
            r.permissions(),
            "expires_at",
            r.expiresAt(),
            "created_at",
            r.createdAt(),
            "revoked_at",
            r.revokedAt(),
            "revoke_reason",
            r.revokeReason());
    fields.put("services", r.services() == null ? "all" : r.services());
    fields.put("key_permissions", r.keyPermissions());
    return fields;
  }

  static Map<String, Object> of(Role r) {
    return fields(
        "id",
        r.id(),
        "name",
        r.name(),
        "description",
        r.description(),
        "permissions",
        r.permissions(),
        "condition",
        r.condition(),
        "created_at",
        r.createdAt(),
        "updated_at",
        r.updatedAt());
  }

  /** A verdict: the code first, then only what the server said. */
  static Map<String, Object> of(Verdict v) {
    Map<String, Object> all =
        fields(
            "code",
            v.code(),
            "valid",
            v.valid(),
            "key_id",
            v.keyId(),
            "service",
            v.service(),
            "consumer",
            v.consumer(),
            "name",
            v.name(),
            "meta",
            v.meta(),
            "expires_at",
            v.expiresAt(),
            "previous_secret_used",
            v.previousSecretUsed(),
            "grace_ends_at",
            v.graceEndsAt(),
            "missing_permissions",
            v.missingPermissions(),
            "rate_limit",
            v.rateLimit() == null ? null : rateLimit(v.rateLimit()),
            "credits_remaining",
            v.creditsRemaining());
    all.values().removeIf(value -> value == null);
    return all;
  }

  /** A rate limit as a verification left it, on one line: {@code requests 7/10, reset …}. */
  private static String rateLimit(RateLimitState r) {
    return r.name() + " " + r.remaining() + "/" + r.limit() + " left, reset " + r.reset();
  }

  static Map<String, Object> of(RateLimitResult r) {
    return fields(
        "allowed", r.allowed(), "limit", r.limit(), "remaining", r.remaining(), "reset", r.reset());
  }

  private static List<Object> row(Object... cells) {
    return Arrays.asList(cells);
  }

  /** An ordered map of alternating names and values: a view's fields, in display order. */
  static Map<String, Object> fields(Object... namesAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return fields;
  }
}
