package dev.latchkey.core.store;

import java.time.Instant;

/**
 * One attempt of a delivery, for the delivery log. Nullable: address, statusCode, error, snippet.
 */
public record AttemptRow(
    String workspaceId,
    String deliveryId,
    int attempt,
    Instant startedAt,
    long durationMs,
    String address,
    Integer statusCode,
    String error,
    String responseSnippet) {}
