package dev.latchkey.api.audit;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.AuditVerification;
import dev.latchkey.api.AuditVerification.ChainBreak;
import dev.latchkey.api.AuditVerification.ChainHead;
import java.util.Objects;
import java.util.Optional;

/**
 * Walks one workspace's audit chain, event by event in position order, and names the first place
 * where it breaks. The same code checks the database (the server) and an export file (the CLI,
 * offline). Memory is constant: events are fed one at a time and not kept.
 *
 * <p>At each position the verifier expects the next position and the previous event's hash. Reasons
 * for a break:
 *
 * <ul>
 *   <li>{@code modified}: the event's hash is not the hash of its contents (any field changed, its
 *       hashes included), or the event after it does not link to it (it was replaced whole);
 *   <li>{@code reordered}: the event is intact but was written at another position (its hash is
 *       that of its contents at a position up to {@value #MOVE_WINDOW} away);
 *   <li>{@code deleted}: a position is missing, or the chain ends before its recorded head;
 *   <li>{@code inserted}: a second event claims a position, an intact-looking event sits between
 *       two that link to each other, an event lies beyond the recorded head, or it belongs to
 *       another workspace or has no position.
 * </ul>
 *
 * Once broken, the verifier ignores what follows. Not thread-safe.
 */
public final class ChainVerifier {
  /** How far from its place a moved event is recognised as reordered rather than modified. */
  public static final int MOVE_WINDOW = 64;

  private final String workspaceId;
  private final Optional<ChainHead> recordedHead;
  private long position;
  private String hash = AuditChain.GENESIS;
  private String hashBefore;
  private String idAtPosition;
  private long checked;
  private ChainBreak firstBad;

  private ChainVerifier(String workspaceId, Optional<ChainHead> recordedHead) {
    this.workspaceId = workspaceId;
    this.recordedHead = recordedHead;
  }

  /**
   * A verifier of {@code workspaceId}'s chain (the first event's workspace when null), which must
   * end at {@code recordedHead} when present (the database's chain head, or a hash anchored
   * elsewhere).
   */
  public static ChainVerifier of(String workspaceId, Optional<ChainHead> recordedHead) {
    return new ChainVerifier(workspaceId, recordedHead);
  }

  /** Checks the next event; returns whether the chain is still intact (the caller may stop). */
  public boolean accept(AuditEvent event) {
    if (firstBad != null) {
      return false;
    }
    checked++;
    firstBad = judge(event);
    if (firstBad == null) {
      hashBefore = hash;
      hash = event.hash();
      position = event.position();
      idAtPosition = event.id();
    }
    return firstBad == null;
  }

  /**
   * Reports a break found by the caller (an event the walk cannot reach), unless one came first.
   */
  public void broken(ChainBreak found) {
    if (firstBad == null) {
      firstBad = found;
    }
  }

  /** The position of the last intact event so far; 0 before the first. */
  public long position() {
    return position;
  }

  /** Whether no break has been found so far. */
  public boolean intact() {
    return firstBad == null;
  }

  /** The outcome, after the last event: the chain must end at the recorded head, if any. */
  public AuditVerification finish() {
    if (firstBad == null && recordedHead.isPresent()) {
      ChainHead head = recordedHead.get();
      if (head.position() > position) {
        firstBad =
            new ChainBreak(
                position + 1,
                null,
                "deleted",
                "the chain ends at position "
                    + position
                    + " but its head records position "
                    + head.position());
      } else if (!head.hash().equals(hash)) {
        firstBad =
            new ChainBreak(
                position,
                idAtPosition,
                "modified",
                "the last event's hash differs from the hash its head records");
      }
    }
    return new AuditVerification(
        firstBad == null, checked, new ChainHead(position, hash), firstBad);
  }

  private ChainBreak judge(AuditEvent e) {
    long expected = position + 1;
    if (e.position() == null) {
      return new ChainBreak(null, e.id(), "inserted", "the event has no chain position");
    }
    String ws = workspaceId == null ? e.workspaceId() : workspaceId;
    if (!Objects.equals(ws, e.workspaceId())) {
      return new ChainBreak(
          e.position(), e.id(), "inserted", "the event belongs to another workspace");
    }
    long at = e.position();
    if (at > expected) {
      return new ChainBreak(
          expected,
          null,
          "deleted",
          "position " + expected + " is missing; the next event is at position " + at);
    }
    if (at < expected) {
      return new ChainBreak(
          at, e.id(), "inserted", "a second event claims position " + at + ", already checked");
    }
    boolean selfConsistent = e.prevHash() != null && e.hash() != null && hashes(e, at);
    if (!selfConsistent) {
      return movedOrModified(e, at);
    }
    if (!e.prevHash().equals(hash)) {
      if (at > 1 && e.prevHash().equals(hashBefore)) {
        return new ChainBreak(
            position,
            idAtPosition,
            "inserted",
            "the events on either side of it link to each other, not to it");
      }
      return at == 1
          ? new ChainBreak(at, e.id(), "modified", "the first event does not start the chain")
          : new ChainBreak(
              position,
              idAtPosition,
              "modified",
              "the next event does not link to it: it was replaced");
    }
    if (recordedHead.isPresent() && at > recordedHead.get().position()) {
      return new ChainBreak(
          at,
          e.id(),
          "inserted",
          "the event lies beyond the chain's head, position " + recordedHead.get().position());
    }
    return null;
  }

  private ChainBreak movedOrModified(AuditEvent e, long at) {
    if (e.prevHash() != null && e.hash() != null) {
      for (long q = Math.max(1, at - MOVE_WINDOW); q <= at + MOVE_WINDOW; q++) {
        if (q != at && hashes(e, q)) {
          if (q == at - 1 && e.prevHash().equals(hashBefore)) {
            return new ChainBreak(
                position,
                idAtPosition,
                "inserted",
                "the event after it was moved up one place and links past it");
          }
          return new ChainBreak(
              at,
              e.id(),
              "reordered",
              "the event written at position " + q + " is at position " + at);
        }
      }
    }
    return new ChainBreak(at, e.id(), "modified", "the event's hash does not match its contents");
  }

  private static boolean hashes(AuditEvent e, long position) {
    try {
      return AuditChain.hashAt(e, position).equals(e.hash());
    } catch (IllegalArgumentException | NullPointerException unreadable) {
      // a field the encoding needs is missing or not a finite number: it cannot be intact
      return false;
    }
  }
}
