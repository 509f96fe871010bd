package dev.latchkey.core.store;

import java.util.Objects;

/**
 * Verifications counted in one period: of key {@code keyId} of service {@code serviceId} (both
 * {@link #NO_KEY} when the secret named no key of the workspace), with outcome code {@code
 * outcome}, in the period starting at {@code bucketStart} (epoch milliseconds, aligned to the
 * granularity in UTC).
 */
public record UsageCountRow(
    String workspaceId,
    UsageGranularity granularity,
    long bucketStart,
    String keyId,
    String serviceId,
    String outcome,
    long count) {
  /** The key and service columns of verifications that named no key of the workspace. */
  public static final String NO_KEY = "";

  public UsageCountRow {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(serviceId, "serviceId");
    Objects.requireNonNull(outcome, "outcome");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
  }
}
