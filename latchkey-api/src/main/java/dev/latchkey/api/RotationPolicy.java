package dev.latchkey.api;

import java.time.Instant;

/**
 * How a service's keys (or one key) rotate by themselves.
 *
 * @param target {@code service} or {@code key}
 * @param targetId the service or key
 * @param maxAge ISO-8601: rotate this long after the last rotation (or creation); null for none
 * @param rotateBeforeExpiry ISO-8601: rotate this long before the key expires; null for none
 * @param gracePeriod ISO-8601: how long the previous secret keeps verifying
 * @param sink where new secrets are delivered; null: no automatic rotation, only a {@code
 *     rotation_due} alert when one is due
 */
public record RotationPolicy(
    String target,
    String targetId,
    String maxAge,
    String rotateBeforeExpiry,
    String gracePeriod,
    String sink,
    Instant updatedAt) {}
