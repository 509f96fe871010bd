package dev.latchkey.store;

import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.SinkRepository;
import dev.latchkey.core.store.SinkRow;
import dev.latchkey.core.store.Slice;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Sinks: settings as JSON text, credentials as the Sealer made them. */
final class SqlSinks implements SinkRepository {
  private static final String COLUMNS =
      "seq, id, workspace_id, name, type, settings, credentials, created_at, updated_at";
  private static final String INSERT =
      """
      INSERT INTO sinks (id, workspace_id, name, type, settings, credentials, created_at,
        updated_at)
      VALUES (:id, :workspace, :name, :type, :settings, :credentials, :createdAt, :updatedAt)""";
  private static final String UPDATE =
      """
      UPDATE sinks SET name = :name, settings = :settings, credentials = :credentials,
        updated_at = :updatedAt
      WHERE workspace_id = :workspace AND id = :id""";
  private static final String FIND =
      "SELECT " + COLUMNS + " FROM sinks WHERE workspace_id = :workspace AND id = :id";
  private static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM sinks WHERE workspace_id = :workspace AND seq < :before"
          + " ORDER BY seq DESC LIMIT :limit";
  private static final String USED =
      "SELECT COUNT(*) FROM rotation_policies WHERE workspace_id = :workspace AND sink_id = :id";

  private static final RowMapper<SinkRow> MAPPER =
      (rs, ctx) ->
          new SinkRow(
              rs.getString("id"),
              rs.getString("workspace_id"),
              rs.getString("name"),
              rs.getString("type"),
              Columns.stringMap(rs, "settings"),
              rs.getString("credentials"),
              Columns.instant(rs, "created_at"),
              Columns.instant(rs, "updated_at"));

  private final Handle handle;
  private final Dialect dialect;

  SqlSinks(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public void insert(SinkRow s) {
    Duplicates.guard(
        dialect,
        "name",
        () ->
            handle
                .createUpdate(INSERT)
                .bind("id", s.id())
                .bind("workspace", s.workspaceId())
                .bind("name", s.name())
                .bind("type", s.type())
                .bind("settings", Columns.json(s.settings()))
                .bind("credentials", s.sealedCredentials())
                .bind("createdAt", Columns.millis(s.createdAt()))
                .bind("updatedAt", Columns.millis(s.updatedAt()))
                .execute());
  }

  @Override
  public void update(SinkRow s) {
    Duplicates.guard(
        dialect,
        "name",
        () ->
            handle
                .createUpdate(UPDATE)
                .bind("id", s.id())
                .bind("workspace", s.workspaceId())
                .bind("name", s.name())
                .bind("settings", Columns.json(s.settings()))
                .bind("credentials", s.sealedCredentials())
                .bind("updatedAt", Columns.millis(s.updatedAt()))
                .execute());
  }

  @Override
  public Optional<SinkRow> find(String workspaceId, String id) {
    return handle
        .createQuery(FIND)
        .bind("workspace", workspaceId)
        .bind("id", id)
        .map(MAPPER)
        .findOne();
  }

  @Override
  public Slice<SinkRow> list(String workspaceId, PageRequest page) {
    return Pages.slice(handle.createQuery(LIST).bind("workspace", workspaceId), page, MAPPER);
  }

  @Override
  public boolean delete(String workspaceId, String id) {
    return handle
            .createUpdate("DELETE FROM sinks WHERE workspace_id = :workspace AND id = :id")
            .bind("workspace", workspaceId)
            .bind("id", id)
            .execute()
        == 1;
  }

  @Override
  public boolean isUsed(String workspaceId, String id) {
    return handle
            .createQuery(USED)
            .bind("workspace", workspaceId)
            .bind("id", id)
            .mapTo(Long.class)
            .one()
        > 0;
  }
}
