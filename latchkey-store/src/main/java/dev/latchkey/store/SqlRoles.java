package dev.latchkey.store;

import dev.latchkey.api.Role;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.RoleRepository;
import dev.latchkey.core.store.Slice;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

final class SqlRoles implements RoleRepository {
  private static final String COLUMNS =
      "seq, id, name, description, permissions, condition_expr, created_at, updated_at";
  private static final String INSERT =
      """
      INSERT INTO roles (id, workspace_id, name, description, permissions, condition_expr,
        created_at, updated_at)
      VALUES (:id, :workspace, :name, :description, :permissions, :condition, :createdAt,
        :updatedAt)""";
  private static final String UPDATE =
      """
      UPDATE roles SET name = :name, description = :description, permissions = :permissions,
        condition_expr = :condition, updated_at = :updatedAt
      WHERE workspace_id = :workspace AND id = :id""";
  private static final String FIND =
      "SELECT " + COLUMNS + " FROM roles WHERE workspace_id = :workspace AND id = :id";
  private static final String FIND_BY_NAME =
      "SELECT " + COLUMNS + " FROM roles WHERE workspace_id = :workspace AND name = :name";
  private static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM roles WHERE workspace_id = :workspace AND seq < :before"
          + " ORDER BY seq DESC LIMIT :limit";

  private static final RowMapper<Role> MAPPER =
      (rs, ctx) ->
          new Role(
              rs.getString("id"),
              rs.getString("name"),
              rs.getString("description"),
              Columns.strings(rs, "permissions"),
              rs.getString("condition_expr"),
              Columns.instant(rs, "created_at"),
              Columns.instant(rs, "updated_at"));

  private final Handle handle;
  private final Dialect dialect;

  SqlRoles(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public void insert(String workspaceId, Role role) {
    Duplicates.guard(
        dialect,
        "name",
        () ->
            bind(handle.createUpdate(INSERT), workspaceId, role)
                .bind("createdAt", Columns.millis(role.createdAt()))
                .execute());
  }

  @Override
  public void update(String workspaceId, Role role) {
    Duplicates.guard(
        dialect, "name", () -> bind(handle.createUpdate(UPDATE), workspaceId, role).execute());
  }

  private static Update bind(Update update, String workspaceId, Role role) {
    return update
        .bind("id", role.id())
        .bind("workspace", workspaceId)
        .bind("name", role.name())
        .bind("description", role.description())
        .bind("permissions", Columns.json(role.permissions()))
        .bind("condition", role.condition())
        .bind("updatedAt", Columns.millis(role.updatedAt()));
  }

  @Override
  public Optional<Role> find(String workspaceId, String id) {
    return find(FIND, "id", workspaceId, id);
  }

  @Override
  public Optional<Role> findForUpdate(String workspaceId, String id) {
    return find(FIND + dialect.forUpdate(), "id", workspaceId, id);
  }

  @Override
  public Optional<Role> findByName(String workspaceId, String name) {
    return find(FIND_BY_NAME, "name", workspaceId, name);
  }

  private Optional<Role> find(String sql, String column, String workspaceId, String value) {
    return handle
        .createQuery(sql)
        .bind("workspace", workspaceId)
        .bind(column, value)
        .map(MAPPER)
        .findOne();
  }

  @Override
  public Slice<Role> list(String workspaceId, PageRequest page) {
    return Pages.slice(handle.createQuery(LIST).bind("workspace", workspaceId), page, MAPPER);
  }
}
