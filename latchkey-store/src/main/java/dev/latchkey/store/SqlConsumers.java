package dev.latchkey.store;

import dev.latchkey.api.Consumer;
import dev.latchkey.core.limit.Limits;
import dev.latchkey.core.store.ConsumerRepository;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

final class SqlConsumers implements ConsumerRepository {
  private static final String COLUMNS =
      "seq, id, name, external_id, meta, created_at, updated_at, limits, credits";
  private static final String INSERT =
      """
      INSERT INTO consumers (id, workspace_id, name, external_id, meta, created_at, updated_at,
        limits, credits)
      VALUES (:id, :workspace, :name, :externalId, :meta, :createdAt, :updatedAt,
        :limits, :credits)""";
  private static final String UPDATE =
      """
      UPDATE consumers
      SET name = :name, external_id = :externalId, meta = :meta, updated_at = :updatedAt,
        limits = :limits, credits = :credits
      WHERE workspace_id = :workspace AND id = :id""";
  private static final String FIND =
      "SELECT " + COLUMNS + " FROM consumers WHERE workspace_id = :workspace AND id = :id";
  private static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM consumers WHERE workspace_id = :workspace AND seq < :before"
          + " ORDER BY seq DESC LIMIT :limit";
  private static final String LIMITS =
      "SELECT limits, credits FROM consumers WHERE workspace_id = :workspace AND id = :id";

  private static final RowMapper<Consumer> MAPPER =
      (rs, ctx) ->
          new Consumer(
              rs.getString("id"),
              rs.getString("name"),
              rs.getString("external_id"),
              Columns.map(rs, "meta"),
              Columns.instant(rs, "created_at"),
              Columns.instant(rs, "updated_at"),
              Columns.rateLimits(rs, "limits"),
              Columns.credits(rs, "credits"));

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
            bindRow(handle.createUpdate(INSERT), workspaceId, consumer)
                .bind("createdAt", Columns.millis(consumer.createdAt()))
                .execute());
  }

  @Override
  public void update(String workspaceId, Consumer consumer) {
    Duplicates.guard(
        dialect,
        "external_id",
        () -> bindRow(handle.createUpdate(UPDATE), workspaceId, consumer).execute());
  }

  /** Binds the id, the workspace and every mutable column. */
  private static Update bindRow(Update update, String workspaceId, Consumer consumer) {
    return update
        .bind("id", consumer.id())
        .bind("workspace", workspaceId)
        .bind("name", consumer.name())
        .bind("externalId", consumer.externalId())
        .bind("meta", Columns.json(consumer.meta()))
        .bind("updatedAt", Columns.millis(consumer.updatedAt()))
        .bind("limits", Columns.rateLimitsJson(consumer.limits()))
        .bind("credits", Columns.creditsJson(consumer.credits()));
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

  @Override
  public Optional<Limits> limitsOf(String workspaceId, String consumerId) {
    return handle
        .createQuery(LIMITS)
        .bind("workspace", workspaceId)
        .bind("id", consumerId)
        .map((rs, ctx) -> Columns.limits(rs, "limits", "credits"))
        .findOne();
  }
}
