package dev.latchkey.api;

import java.time.Instant;
import java.util.Map;

/** Body of {@code POST /v1/keys}. {@code service} and {@code consumer} are ids. */
public record CreateKey(
    String service,
    String consumer,
    String name,
    Map<String, Object> meta,
    Instant expiresAt,
    Boolean enabled) {}
