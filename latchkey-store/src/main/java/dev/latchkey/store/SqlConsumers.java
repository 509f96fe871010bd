package dev.latchkey.store;

import dev.latchkey.api.Consumer;
import dev.latchkey.core.store.ConsumerRepository;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

final class SqlConsumers implements ConsumerRepository {
  private static final String COLUMNS = "seq, id, name, external_id, meta, created_at, updated_at";
  private static final String INSERT =
      """
      INSERT INTO consumers (id, workspace_id, name, external_id, meta, created_at, updated_at)
      VALUES (:id, :workspace, :name, :externalId, :meta, :createdAt, :updatedAt)""";
  private static final String UPDATE =
      """
      UPDATE consumers
      SET name = :name, external_id = :externalId, meta = :meta, updated_at = :updatedAt
      WHERE workspace_id = :workspace AND id = :id""";
  private static final String FIND =
      "SELECT " + COLUMNS + " FROM consumers WHERE workspace_id = :workspace AND id = :id";
  private static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM consumers WHERE workspace_id = :workspace AND seq < :before"
          + " ORDER BY seq DESC LIMIT :limit";

  private static final RowMapper<Consumer> MAPPER =
      (rs, ctx) ->
          new Consumer(
              rs.getString("id"),
              rs.getString("name"),
              rs.getString("external_id"),
              Columns.map(rs, "meta"),
              Columns.instant(rs, "created_at"),
              Columns.instant(rs, "updated_at"));

  private final Handle handle;
  private final Dialect dialect;

  SqlConsumers(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public void insert(String workspaceId, Consumer consumer) {
    Duplicates.guard(
        dialect,
        "external_id",
        () ->
            handle
                .createUpdate(INSERT)
                .bind("id", consumer.id())
                .bind("workspace", workspaceId)
                .bind("name", consumer.name())
                .bind("externalId", consumer.externalId())
                .bind("meta", Columns.json(consumer.meta()))
                .bind("createdAt", Columns.millis(consumer.createdAt()))
                .bind("updatedAt", Columns.millis(consumer.updatedAt()))
                .execute());
  }

  @Override
  public void update(String workspaceId, Consumer consumer) {
    Duplicates.guard(
        dialect,
        "external_id",
        () ->
            handle
                .createUpdate(UPDATE)
                .bind("id", consumer.id())
                .bind("workspace", workspaceId)
                .bind("name", consumer.name())
                .bind("externalId", consumer.externalId())
                .bind("meta", Columns.json(consumer.meta()))
                .bind("updatedAt", Columns.millis(consumer.updatedAt()))
                .execute());
  }

  @Override
  public Optional<Consumer> find(String workspaceId, String id) {
    return find(FIND, workspaceId, id);
  }

  @Override
  public Optional<Consumer> findForUpdate(String workspaceId, String id) {
    return find(FIND + dialect.forUpdate(), workspaceId, id);
  }

  private Optional<Consumer> find(String sql, String workspaceId, String id) {
    return handle
        .createQuery(sql)
        .bind("workspace", workspaceId)
        .bind("id", id)
        .map(MAPPER)
        .findOne();
  }

  @Override
  public Slice<Consumer> list(String workspaceId, PageRequest page) {
    return Pages.slice(handle.createQuery(LIST).bind("workspace", workspaceId), page, MAPPER);
  }
}
