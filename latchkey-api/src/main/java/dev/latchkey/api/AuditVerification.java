package dev.latchkey.api;

/**
 * The outcome of walking a workspace's audit hash chain from its first event.
 *
 * @param valid whether every event checked is intact and in its place, and the chain ends where its
 *     recorded head says
 * @param eventsChecked how many events were read
 * @param head the last intact event's position and hash (position 0 and 64 zeros for an empty
 *     chain); anchor it outside the database to detect a rewrite of the whole chain later
 * @param firstBad the first position where the chain breaks; null when valid
 */
public record AuditVerification(
    boolean valid, long eventsChecked, ChainHead head, ChainBreak firstBad) {

  /** A position in the chain and the hash of the event there. */
  public record ChainHead(long position, String hash) {}

  /**
   * Where and how the chain breaks.
   *
   * @param position the position at which the chain stops being intact (for a deletion, the missing
   *     one); null for an event that has no position at all
   * @param id the event found there; null when none was (a deletion)
   * @param reason {@code modified}, {@code deleted}, {@code inserted} or {@code reordered}
   * @param detail what the verifier saw, for a person to read
   */
  public record ChainBreak(Long position, String id, String reason, String detail) {}
}
