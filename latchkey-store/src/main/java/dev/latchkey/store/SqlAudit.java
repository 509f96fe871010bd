package dev.latchkey.store;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.core.store.AuditRepository;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

final class SqlAudit implements AuditRepository {
  private static final String INSERT =
      """
      INSERT INTO audit_events (id, workspace_id, occurred_at, actor_type, actor_id, action,
        target_type, target_id, request_id, source_address, details)
      VALUES (:id, :workspace, :occurredAt, :actorType, :actorId, :action,
        :targetType, :targetId, :requestId, :sourceAddress, :details)""";
  private static final String LIST =
      """
      SELECT seq, id, occurred_at, actor_type, actor_id, action, target_type, target_id,
        request_id, source_address, details
      FROM audit_events WHERE workspace_id = :workspace AND seq < :before
      ORDER BY seq DESC LIMIT :limit""";

  private static final RowMapper<AuditEvent> MAPPER =
      (rs, ctx) ->
          new AuditEvent(
              rs.getString("id"),
              Columns.instant(rs, "occurred_at"),
              new AuditEvent.Actor(rs.getString("actor_type"), rs.getString("actor_id")),
              rs.getString("action"),
              new AuditEvent.Target(rs.getString("target_type"), rs.getString("target_id")),
              rs.getString("request_id"),
              rs.getString("source_address"),
              Columns.map(rs, "details"));

  private final Handle handle;

  SqlAudit(Handle handle) {
    this.handle = handle;
  }

  @Override
  public void append(String workspaceId, AuditEvent event) {
    handle
        .createUpdate(INSERT)
        .bind("id", event.id())
        .bind("workspace", workspaceId)
        .bind("occurredAt", Columns.millis(event.time()))
        .bind("actorType", event.actor().type())
        .bind("actorId", event.actor().id())
        .bind("action", event.action())
        .bind("targetType", event.target().type())
        .bind("targetId", event.target().id())
        .bind("requestId", event.requestId())
        .bind("sourceAddress", event.sourceAddress())
        .bind("details", Columns.json(event.details()))
        .execute();
  }

  @Override
  public Slice<AuditEvent> list(String workspaceId, PageRequest page) {
    return Pages.slice(handle.createQuery(LIST).bind("workspace", workspaceId), page, MAPPER);
  }
}
