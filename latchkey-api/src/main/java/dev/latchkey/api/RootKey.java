package dev.latchkey.api;

import java.time.Instant;
import java.util.List;

/** A management credential of a workspace. */
public record RootKey(
    String id,
    String name,
    String start,
    List<String> permissions,
    Instant expiresAt,
    Instant createdAt,
    Instant revokedAt,
    String revokeReason) {}
