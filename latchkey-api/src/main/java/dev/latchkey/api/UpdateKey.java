package dev.latchkey.api;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Body of {@code PATCH /v1/keys/{id}}. A {@code null} component was absent (unchanged); an empty
 * {@code expires_at} was an explicit JSON null (the key no longer expires).
 */
@SuppressWarnings("OptionalUsedAsFieldOrParameterType")
public record UpdateKey(
    String name, Map<String, Object> meta, Optional<Instant> expiresAt, Boolean enabled) {}
