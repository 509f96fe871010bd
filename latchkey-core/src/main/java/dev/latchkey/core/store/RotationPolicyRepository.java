package dev.latchkey.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rotation policies, scoped by workspace; and the question the scheduler asks of them. */
public interface RotationPolicyRepository {
  /** Inserts or replaces the policy of {@code policy}'s target. */
  void put(RotationPolicyRow policy);

  Optional<RotationPolicyRow> find(String workspaceId, String targetType, String targetId);

  /** Deletes the policy of a target; false when it had none. */
  boolean delete(String workspaceId, String targetType, String targetId);

  /**
   * Live (not revoked, enabled, not expired) keys of every workspace whose policy in force wants a
   * rotation by {@code horizon} and that have no pending rotation, at most {@code limit}.
   *
   * @param withSink true for keys whose policy names a sink, false for those whose policy names
   *     none
   */
  List<DueRotation> due(Instant now, Instant horizon, int limit, boolean withSink);
}
