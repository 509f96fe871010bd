package dev.latchkey.store;

import dev.latchkey.api.Service;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.ServiceRepository;
import dev.latchkey.core.store.Slice;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

final class SqlServices implements ServiceRepository {
  private static final String COLUMNS = "seq, id, name, prefix, created_at, updated_at";
  private static final String INSERT =
      """
      INSERT INTO services (id, workspace_id, name, prefix, created_at, updated_at)
      VALUES (:id, :workspace, :name, :prefix, :createdAt, :updatedAt)""";
  private static final String UPDATE =
      """
      UPDATE services SET name = :name, prefix = :prefix, updated_at = :updatedAt
      WHERE workspace_id = :workspace AND id = :id""";
  private static final String FIND =
      "SELECT " + COLUMNS + " FROM services WHERE workspace_id = :workspace AND id = :id";
  private static final String FIND_BY_NAME =
      "SELECT " + COLUMNS + " FROM services WHERE workspace_id = :workspace AND name = :name";
  private static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM services WHERE workspace_id = :workspace AND seq < :before"
          + " ORDER BY seq DESC LIMIT :limit";
  private static final String LIST_AMONG =
      "SELECT "
          + COLUMNS
          + " FROM services WHERE workspace_id = :workspace AND seq < :before"
          + " AND id IN (<ids>) ORDER BY seq DESC LIMIT :limit";

  private static final RowMapper<Service> MAPPER =
      (rs, ctx) ->
          new Service(
              rs.getString("id"),
              rs.getString("name"),
              rs.getString("prefix"),
              Columns.instant(rs, "created_at"),
              Columns.instant(rs, "updated_at"));

  private final Handle handle;
  private final Dialect dialect;

  SqlServices(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public void insert(String workspaceId, Service service) {
    Duplicates.guard(
        dialect,
        "name",
        () ->
            handle
                .createUpdate(INSERT)
                .bind("id", service.id())
                .bind("workspace", workspaceId)
                .bind("name", service.name())
                .bind("prefix", service.prefix())
                .bind("createdAt", Columns.millis(service.createdAt()))
                .bind("updatedAt", Columns.millis(service.updatedAt()))
                .execute());
  }

  @Override
  public void update(String workspaceId, Service service) {
    Duplicates.guard(
        dialect,
        "name",
        () ->
            handle
                .createUpdate(UPDATE)
                .bind("id", service.id())
                .bind("workspace", workspaceId)
                .bind("name", service.name())
                .bind("prefix", service.prefix())
                .bind("updatedAt", Columns.millis(service.updatedAt()))
                .execute());
  }

  @Override
  public Optional<Service> find(String workspaceId, String id) {
    return find(FIND, workspaceId, id);
  }

  @Override
  public Optional<Service> findForUpdate(String workspaceId, String id) {
    return find(FIND + dialect.forUpdate(), workspaceId, id);
  }

  private Optional<Service> find(String sql, String workspaceId, String id) {
    return handle
        .createQuery(sql)
        .bind("workspace", workspaceId)
        .bind("id", id)
        .map(MAPPER)
        .findOne();
  }

  @Override
  public Optional<Service> findByName(String workspaceId, String name) {
    return handle
        .createQuery(FIND_BY_NAME)
        .bind("workspace", workspaceId)
        .bind("name", name)
        .map(MAPPER)
        .findOne();
  }

  @Override
  public Slice<Service> list(String workspaceId, PageRequest page) {
    return Pages.slice(handle.createQuery(LIST).bind("workspace", workspaceId), page, MAPPER);
  }

  @Override
  public Slice<Service> listAmong(String workspaceId, Set<String> ids, PageRequest page) {
    return Pages.slice(
        handle
            .createQuery(LIST_AMONG)
            .bind("workspace", workspaceId)
            .bindList("ids", List.copyOf(ids)),
        page,
        MAPPER);
  }
}
