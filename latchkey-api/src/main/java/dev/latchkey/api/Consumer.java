package dev.latchkey.api;

import java.time.Instant;
import java.util.Map;

/** Who holds keys: a microservice, a customer, a partner. */
public record Consumer(
    String id,
    String name,
    String externalId,
    Map<String, Object> meta,
    Instant createdAt,
    Instant updatedAt) {}
