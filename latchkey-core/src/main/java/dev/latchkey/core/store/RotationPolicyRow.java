package dev.latchkey.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A rotation policy on a service (the default of its keys) or on one key.
 *
 * @param targetType {@code service} or {@code key}
 * @param maxAge rotate a key this long after its last rotation (or creation); null for no limit
 * @param rotateBeforeExpiry rotate a key this long before it expires; null to ignore expiry
 * @param gracePeriod how long the previous secret keeps verifying after a rotation
 * @param sinkId where each new secret is delivered; null for none
 */
public record RotationPolicyRow(
    String workspaceId,
    String targetType,
    String targetId,
    Duration maxAge,
    Duration rotateBeforeExpiry,
    Duration gracePeriod,
    String sinkId,
    Instant updatedAt) {
  public static final String SERVICE = "service";
  public static final String KEY = "key";

  public RotationPolicyRow {
    Objects.requireNonNull(workspaceId);
    Objects.requireNonNull(targetType);
    Objects.requireNonNull(targetId);
    Objects.requireNonNull(gracePeriod);
    Objects.requireNonNull(updatedAt);
  }

  public Optional<String> sink() {
    return Optional.ofNullable(sinkId);
  }
}
