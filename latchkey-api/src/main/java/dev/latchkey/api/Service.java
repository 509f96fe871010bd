package dev.latchkey.api;

import java.time.Instant;

/** An API that accepts keys. Keys issued for it start with {@code prefix}. */
public record Service(
    String id, String name, String prefix, Instant createdAt, Instant updatedAt) {}
