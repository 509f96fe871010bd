package dev.latchkey.core.store;

import dev.latchkey.core.secret.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One rotation of one key.
 *
 * @param reason {@code schedule} (a policy made it due) or {@code manual} (an API call)
 * @param status {@code pending} until it is {@code done}, or {@code cancelled} (the key died first)
 * @param sinkId where the new secret goes; null for none
 * @param pendingDigest the secret of the attempt in flight; null between attempts
 * @param lastError why the last attempt failed; null when none did
 * @param location where the secret was delivered, once done
 */
public record RotationRow(
    String id,
    String workspaceId,
    String keyId,
    String reason,
    String status,
    String sinkId,
    Duration gracePeriod,
    int attempts,
    Instant nextAttemptAt,
    Digest pendingDigest,
    String lastError,
    String location,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt) {
  public static final String PENDING = "pending";
  public static final String DONE = "done";
  public static final String CANCELLED = "cancelled";

  public RotationRow {
    Objects.requireNonNull(id);
    Objects.requireNonNull(workspaceId);
    Objects.requireNonNull(keyId);
    Objects.requireNonNull(status);
    Objects.requireNonNull(gracePeriod);
  }

  /** A new pending rotation, due now. */
  public static RotationRow pending(
      String id,
      String workspaceId,
      String keyId,
      String reason,
      String sinkId,
      Duration grace,
      Instant now) {
    return new RotationRow(
        id,
        workspaceId,
        keyId,
        reason,
        PENDING,
        sinkId,
        grace,
        0,
        now,
        null,
        null,
        null,
        now,
        now,
        null);
  }
}
