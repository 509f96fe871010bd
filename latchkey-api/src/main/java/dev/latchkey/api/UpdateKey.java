package dev.latchkey.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Body of {@code PATCH /v1/keys/{id}}. A {@code null} component was absent (unchanged); an empty
 * {@code expires_at} was an explicit JSON null (the key no longer expires), an empty {@code
 * condition} likewise removes the condition. {@code permissions}, {@code roles} and {@code limits}
 * replace the key's lists whole. A present {@code credits} replaces the credit policy (its {@code
 * remaining}, when omitted, keeps the balance); an empty one removes the balance: the key is then
 * unlimited.
 */
@SuppressWarnings("OptionalUsedAsFieldOrParameterType")
public record UpdateKey(
    String name,
    Map<String, Object> meta,
    Optional<Instant> expiresAt,
    Boolean enabled,
    List<String> permissions,
    List<String> roles,
    Optional<String> condition,
    List<RateLimit> limits,
    Optional<Credits> credits) {

  /** A change of the key's name, metadata, expiry or enabled flag only. */
  public static UpdateKey of(
      String name, Map<String, Object> meta, Optional<Instant> expiresAt, Boolean enabled) {
    return new UpdateKey(name, meta, expiresAt, enabled, null, null, null, null, null);
  }
}
