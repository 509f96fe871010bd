package dev.latchkey.store;

import dev.latchkey.core.store.Change;
import dev.latchkey.core.store.ChangeRepository;
import org.jdbi.v3.core.Handle;

final class SqlChanges implements ChangeRepository {
  private static final String APPEND =
      """
      INSERT INTO changes (workspace_id, entity_type, entity_id, kind, changed_at)
      VALUES (:workspace, :entityType, :entityId, :kind, :changedAt)
      RETURNING seq""";
  private static final String LAST_SEQ = "SELECT COALESCE(MAX(seq), 0) FROM changes";

  private final Handle handle;

  SqlChanges(Handle handle) {
    this.handle = handle;
  }

  @Override
  public long append(Change change) {
    return handle
        .createQuery(APPEND)
        .bind("workspace", change.workspaceId())
        .bind("entityType", change.entityType())
        .bind("entityId", change.entityId())
        .bind("kind", change.kind())
        .bind("changedAt", Columns.millis(change.at()))
        .mapTo(Long.class)
        .one();
  }

  @Override
  public long lastSeq() {
    return handle.createQuery(LAST_SEQ).mapTo(Long.class).one();
  }
}
