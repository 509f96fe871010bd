package dev.latchkey.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Body of {@code PATCH /v1/consumers/{id}}. A {@code null} component was absent (unchanged); an
 * empty {@code external_id} was an explicit JSON null (cleared). {@code limits} replaces the list
 * whole. A present {@code credits} replaces the credit policy (its {@code remaining}, when omitted,
 * keeps the balance); an empty one removes the balance.
 */
@SuppressWarnings("OptionalUsedAsFieldOrParameterType")
public record UpdateConsumer(
    String name,
    Optional<String> externalId,
    Map<String, Object> meta,
    List<RateLimit> limits,
    Optional<Credits> credits) {

  /** A change of the consumer's name, external id or metadata only. */
  public static UpdateConsumer of(
      String name, Optional<String> externalId, Map<String, Object> meta) {
    return new UpdateConsumer(name, externalId, meta, null, null);
  }
}
