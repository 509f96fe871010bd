package dev.latchkey.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Who holds keys: a microservice, a customer, a partner.
 *
 * @param limits rate limits shared by all its keys
 * @param credits the credit balance shared by all its keys, due refills applied; null when none
 */
public record Consumer(
    String id,
    String name,
    String externalId,
    Map<String, Object> meta,
    Instant createdAt,
    Instant updatedAt,
    List<RateLimit> limits,
    Credits credits) {}
