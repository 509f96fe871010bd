package dev.latchkey.api;

import java.util.List;
import java.util.Optional;

/**
 * Body of {@code PATCH /v1/webhooks/{id}}. A {@code null} component was absent (unchanged); an
 * empty {@code description} was an explicit JSON null (removed). {@code rules} replaces the list.
 */
@SuppressWarnings("OptionalUsedAsFieldOrParameterType")
public record UpdateWebhook(
    String url, Optional<String> description, List<String> rules, Boolean enabled) {}
