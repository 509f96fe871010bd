package dev.latchkey.api;

import java.time.Instant;

/**
 * One rotation of a key through a sink, from due to done.
 *
 * @param reason {@code schedule} or {@code manual}
 * @param status {@code pending} (due, in flight, or waiting to retry), {@code done} or {@code
 *     cancelled} (the key was revoked, disabled or expired first)
 * @param attempts delivery attempts so far
 * @param nextAttemptAt while pending, when the next attempt is due
 * @param lastError why the last attempt failed; null when none failed
 * @param location where the new secret was delivered, once done (never the secret)
 */
public record KeyRotation(
    String id,
    String key,
    String reason,
    String status,
    String sink,
    String gracePeriod,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    String location,
    Instant createdAt,
    Instant completedAt) {}
