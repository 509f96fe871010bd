package dev.latchkey.api;

import java.util.Map;
import java.util.Optional;

/**
 * Body of {@code PATCH /v1/consumers/{id}}. A {@code null} component was absent (unchanged); an
 * empty {@code external_id} was an explicit JSON null (cleared).
 */
@SuppressWarnings("OptionalUsedAsFieldOrParameterType")
public record UpdateConsumer(String name, Optional<String> externalId, Map<String, Object> meta) {}
