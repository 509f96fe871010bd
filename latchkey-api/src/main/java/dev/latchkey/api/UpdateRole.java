package dev.latchkey.api;

import java.util.List;
import java.util.Optional;

/**
 * Body of {@code PATCH /v1/roles/{id}}. A {@code null} component was absent (unchanged); an empty
 * {@code description} or {@code condition} was an explicit JSON null (removed). {@code permissions}
 * replaces the role's list whole; every key holding the role sees the change.
 */
@SuppressWarnings("OptionalUsedAsFieldOrParameterType")
public record UpdateRole(
    String name,
    Optional<String> description,
    List<String> permissions,
    Optional<String> condition) {}
