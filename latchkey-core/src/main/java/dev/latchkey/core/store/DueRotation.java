package dev.latchkey.core.store;

import java.time.Instant;

/**
 * A live key whose policy says it should rotate by a given time.
 *
 * @param since when its live secret was issued (its last rotation, or its creation)
 * @param expiresAt when the key expires; null when never
 * @param policy the policy in force: the key's own, else its service's
 */
public record DueRotation(
    String workspaceId,
    String keyId,
    String serviceId,
    Instant since,
    Instant expiresAt,
    RotationPolicyRow policy) {

  /** When the policy wants the key rotated. */
  public Instant dueAt() {
    Instant due = Instant.MAX;
    if (policy.maxAge() != null) {
      due = since.plus(policy.maxAge());
    }
    if (policy.rotateBeforeExpiry() != null && expiresAt != null) {
      Instant beforeExpiry = expiresAt.minus(policy.rotateBeforeExpiry());
      due = beforeExpiry.isBefore(due) ? beforeExpiry : due;
    }
    return due;
  }
}
