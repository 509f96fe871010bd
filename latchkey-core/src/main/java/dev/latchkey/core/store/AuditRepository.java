package dev.latchkey.core.store;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.AuditVerification.ChainHead;
import java.util.List;
import java.util.Optional;

/**
 * The audit log of a workspace: append only, each event a link of the workspace's hash chain
 * (docs/audit.md).
 */
public interface AuditRepository {
  /**
   * Appends {@code draft} as the next link of {@code workspaceId}'s chain: takes the chain head
   * (locking it until the transaction ends, so that concurrent appends to the workspace take turns
   * on any number of nodes), gives the event the next position, the head's hash as {@code
   * prev_hash}, and its own hash, and moves the head to it.
   *
   * @return the event as stored, with its chain fields
   * @throws IllegalArgumentException when a detail cannot be encoded (a number that is not finite)
   */
  AuditEvent append(String workspaceId, AuditEvent draft);

  /** Events newest first. */
  default Slice<AuditEvent> list(String workspaceId, PageRequest page) {
    return list(workspaceId, AuditFilter.ALL, page);
  }

  /** Events that {@code filter} matches, newest first. */
  Slice<AuditEvent> list(String workspaceId, AuditFilter filter, PageRequest page);

  /**
   * Up to {@code limit} events of the chain after {@code afterPosition} (and, at that position,
   * after {@code afterSeq}), in chain order: position, then seq. Events without a position are not
   * in the chain and not returned.
   */
  List<AuditLink> chain(String workspaceId, long afterPosition, long afterSeq, int limit);

  /** The chain's head as recorded; empty when the workspace has appended nothing. */
  Optional<ChainHead> head(String workspaceId);

  /** The id of an event of the workspace that has no place in the chain (no position), if any. */
  Optional<String> firstUnchained(String workspaceId);
}
