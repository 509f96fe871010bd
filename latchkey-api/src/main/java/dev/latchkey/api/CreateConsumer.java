package dev.latchkey.api;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/consumers}. {@code external_id} is unique in a workspace when set.
 *
 * @param limits rate limits shared by all the consumer's keys, at most 16
 * @param credits a credit balance shared by all its keys, {@code remaining} required; null for none
 */
public record CreateConsumer(
    String name,
    String externalId,
    Map<String, Object> meta,
    List<RateLimit> limits,
    Credits credits) {

  /** A consumer called {@code name} with nothing else set. */
  public static CreateConsumer of(String name) {
    return new CreateConsumer(name, null, null, null, null);
  }
}
