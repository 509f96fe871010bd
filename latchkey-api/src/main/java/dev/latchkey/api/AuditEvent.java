package dev.latchkey.api;

import java.time.Instant;
import java.util.Map;

/**
 * Who did what to which object, when and from where. Never holds a secret.
 *
 * <p>A stored event is a link of its workspace's hash chain: {@code position} counts from 1 in the
 * workspace, {@code prevHash} is the {@code hash} of the event before it (64 zeros for the first),
 * and {@code hash} is SHA-256 over the event's canonical encoding ({@link
 * dev.latchkey.api.audit.AuditChain}). An event not yet appended (a draft) has none of the four.
 *
 * @param workspaceId the workspace whose chain holds the event; null in a draft
 * @param position 1 for the workspace's first event, then one more for each; null in a draft
 * @param prevHash lowercase hex SHA-256 of the previous event; null in a draft
 * @param hash lowercase hex SHA-256 of this event's canonical encoding; null in a draft
 */
public record AuditEvent(
    String id,
    Instant time,
    Actor actor,
    String action,
    Target target,
    String requestId,
    String sourceAddress,
    Map<String, Object> details,
    String workspaceId,
    Long position,
    String prevHash,
    String hash) {

  /** A draft: an event to append, whose place in the chain the store decides. */
  public AuditEvent(
      String id,
      Instant time,
      Actor actor,
      String action,
      Target target,
      String requestId,
      String sourceAddress,
      Map<String, Object> details) {
    this(
        id, time, actor, action, target, requestId, sourceAddress, details, null, null, null, null);
  }

  /** This event as the link {@code position} of {@code workspaceId}'s chain after {@code prev}. */
  public AuditEvent chained(String workspaceId, long position, String prevHash, String hash) {
    return new AuditEvent(
        id,
        time,
        actor,
        action,
        target,
        requestId,
        sourceAddress,
        details,
        workspaceId,
        position,
        prevHash,
        hash);
  }

  /** This event without its chain fields, as it was appended. */
  public AuditEvent draft() {
    return new AuditEvent(id, time, actor, action, target, requestId, sourceAddress, details);
  }

  /** The principal that acted: {@code root_key} or {@code system}. */
  public record Actor(String type, String id) {}

  /** The object acted on. */
  public record Target(String type, String id) {}
}
