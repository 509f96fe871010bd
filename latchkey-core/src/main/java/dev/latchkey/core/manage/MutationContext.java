package dev.latchkey.core.manage;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.Change;
import dev.latchkey.core.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One mutation in progress: its transaction, its caller, its time, and what it changed. Every
 * change a use case makes is recorded here, which writes the audit event and the change record in
 * the same transaction.
 */
public final class MutationContext {
  private final Tx tx;
  private final Caller caller;
  private final Instant now;
  private final List<Change> changes = new ArrayList<>();

  MutationContext(Tx tx, Caller caller, Instant now) {
    this.tx = tx;
    this.caller = caller;
    this.now = now;
  }

  /** The transaction; package-private so that no caller outside the use cases writes unaudited. */
  Tx tx() {
    return tx;
  }

  public Caller caller() {
    return caller;
  }

  public String workspaceId() {
    return caller.workspaceId();
  }

  /**
   * Refuses a caller confined to some services: for objects that span the workspace.
   *
   * @param why the message of the {@link ForbiddenException}, saying what spans the workspace
   */
  void requireUnconfined(String why) {
    if (caller.principal().services().confined()) {
      throw new ForbiddenException(why);
    }
  }

  /** The time of the mutation: one instant for every row it writes. */
  public Instant now() {
    return now;
  }

  /**
   * Records that {@code entityType}/{@code entityId} changed: appends an audit event {@code
   * entityType.kind} and a change record.
   *
   * @param details what the audit event adds; never a secret
   */
  public void changed(
      String entityType, String entityId, String kind, Map<String, Object> details) {
    Change change = new Change(workspaceId(), entityType, entityId, kind, now);
    tx.changes().append(change);
    changes.add(change);
    tx.audit()
        .append(
            workspaceId(),
            new AuditEvent(
                Ids.newId("evt"),
                now,
                actorOf(caller),
                entityType + "." + kind,
                new AuditEvent.Target(entityType, entityId),
                caller.requestId(),
                caller.sourceAddress(),
                details));
  }

  /** The actor an audit event records for {@code caller}: its root key, or the system. */
  static AuditEvent.Actor actorOf(Caller caller) {
    String rootKeyId = caller.principal().rootKeyId();
    return rootKeyId == null
        ? new AuditEvent.Actor("system", "system")
        : new AuditEvent.Actor("root_key", rootKeyId);
  }

  List<Change> changes() {
    return changes;
  }
}
