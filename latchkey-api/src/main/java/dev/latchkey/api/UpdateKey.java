package dev.latchkey.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Body of {@code PATCH /v1/keys/{id}}. A {@code null} component was absent (unchanged); an empty
 * {@code expires_at} was an explicit JSON null (the key no longer expires), an empty {@code
 * condition} likewise removes the condition. {@code permissions} and {@code roles} replace the
 * key's lists whole.
 */
@SuppressWarnings("OptionalUsedAsFieldOrParameterType")
public record UpdateKey(
    String name,
    Map<String, Object> meta,
    Optional<Instant> expiresAt,
    Boolean enabled,
    List<String> permissions,
    List<String> roles,
    Optional<String> condition) {

  /** A change of the key's name, metadata, expiry or enabled flag only. */
  public static UpdateKey of(
      String name, Map<String, Object> meta, Optional<Instant> expiresAt, Boolean enabled) {
    return new UpdateKey(name, meta, expiresAt, enabled, null, null, null);
  }
}
