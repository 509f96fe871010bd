package dev.latchkey.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of what verification saw a key exercise on one UTC day: a grant it holds (directly, or
 * through a role) satisfying a required permission, or the evaluation of a condition.
 *
 * @param day the UTC day, as days since 1970-01-01
 * @param source {@link #SOURCE_KEY} for what the key holds itself, else the id of the role
 * @param grant the grant as stored ({@code orders:*}), or {@link #CONDITION} for a condition
 * @param permission the required permission it satisfied, or {@link #NO_PERMISSION} for a condition
 * @param lastAt the latest such use recorded on that day
 */
public record AccessUsageRow(
    String workspaceId,
    String keyId,
    long day,
    String source,
    String grant,
    String permission,
    Instant lastAt) {
  /** The source of what a key holds itself, rather than through a role. */
  public static final String SOURCE_KEY = "key";

  /** The grant column of a condition's evaluation. */
  public static final String CONDITION = "?";

  /** The permission column of a condition's evaluation. */
  public static final String NO_PERMISSION = "";

  public AccessUsageRow {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(permission, "permission");
    Objects.requireNonNull(lastAt, "lastAt");
  }
}
