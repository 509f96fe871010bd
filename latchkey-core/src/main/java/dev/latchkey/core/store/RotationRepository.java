package dev.latchkey.core.store;

import dev.latchkey.core.secret.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Rotations and their leases. A node works on a rotation only while it holds the lease it took with
 * {@link #claimDue}; every later write names the node and fails (returns false) once another node
 * has taken the rotation over.
 */
public interface RotationRepository {
  /**
   * @throws DuplicateException when the key already has a pending rotation (field {@code key_id})
   */
  void insert(RotationRow rotation);

  Optional<RotationRow> find(String workspaceId, String id);

  /** The key's pending rotation, if any. */
  Optional<RotationRow> pendingOf(String workspaceId, String keyId);

  /** The key's rotations, newest first. */
  Slice<RotationRow> ofKey(String workspaceId, String keyId, PageRequest page);

  /**
   * Leases up to {@code limit} pending rotations that are due and not leased now (or whose lease
   * expired) to {@code node} until {@code leaseUntil}.
   */
  List<RotationRow> claimDue(String node, Instant now, Instant leaseUntil, int limit);

  /** Leases one pending rotation to {@code node}, if it is not leased now; false otherwise. */
  boolean claim(String id, String node, Instant now, Instant leaseUntil);

  /**
   * Records the secret of the attempt {@code node} is starting and extends its lease to {@code
   * leaseUntil}; false when the lease is lost.
   */
  boolean begin(
      String id, String node, Digest pendingDigest, int attempts, Instant now, Instant leaseUntil);

  /** Marks the rotation done; false when the lease is lost or ran out by {@code now}. */
  boolean complete(String id, String node, String location, Instant now);

  /**
   * Records a failed attempt and releases the lease, to be tried again at {@code nextAttemptAt};
   * false when the lease is lost or ran out by {@code now}.
   */
  boolean fail(String id, String node, String error, Instant nextAttemptAt, Instant now);

  /** Ends the rotation without rotating (the key was revoked or expired); false on a lost lease. */
  boolean cancel(String id, String node, String reason, Instant now);
}
