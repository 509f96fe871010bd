package dev.latchkey.store;

import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.RootKeyRepository;
import dev.latchkey.core.store.RootKeyRow;
import dev.latchkey.core.store.Slice;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

final class SqlRootKeys implements RootKeyRepository {
  private static final String INSERT =
      """
      INSERT INTO root_keys (id, workspace_id, name, start, permissions, expires_at, created_at,
        revoked_at, revoke_reason, services, key_permissions)
      VALUES (:id, :workspace, :name, :start, :permissions, :expiresAt, :createdAt,
        :revokedAt, :revokeReason, :services, :keyPermissions)""";
  private static final String UPDATE =
      """
      UPDATE root_keys SET name = :name, permissions = :permissions, expires_at = :expiresAt,
        revoked_at = :revokedAt, revoke_reason = :revokeReason
      WHERE workspace_id = :workspace AND id = :id""";
  private static final String FIND =
      "SELECT "
          + RootKeyRows.COLUMNS
          + " FROM root_keys r WHERE r.workspace_id = :workspace AND r.id = :id";
  private static final String LIST =
      "SELECT r.seq, "
          + RootKeyRows.COLUMNS
          + " FROM root_keys r WHERE r.workspace_id = :workspace AND r.seq < :before"
          + " ORDER BY r.seq DESC LIMIT :limit";

  // Permissions are a JSON array of names, which never hold a quote: '"*"' matches only `*`.
  private static final String LIVE_ALL =
      """
      SELECT id FROM root_keys
      WHERE workspace_id = :workspace AND revoked_at IS NULL
        AND (expires_at IS NULL OR expires_at > :now) AND permissions LIKE '%"*"%'
      ORDER BY id""";

  private final Handle handle;
  private final Dialect dialect;

  SqlRootKeys(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public void insert(RootKeyRow rootKey) {
    handle
        .createUpdate(INSERT)
        .bind("id", rootKey.id())
        .bind("workspace", rootKey.workspaceId())
        .bind("name", rootKey.name())
        .bind("start", rootKey.start())
        .bind("permissions", Columns.json(rootKey.permissions()))
        .bind("expiresAt", Columns.millis(rootKey.expiresAt()))
        .bind("createdAt", Columns.millis(rootKey.createdAt()))
        .bind("revokedAt", Columns.millis(rootKey.revokedAt()))
        .bind("revokeReason", rootKey.revokeReason())
        .bind("services", Columns.json(rootKey.services()))
        .bind("keyPermissions", Columns.json(rootKey.keyPermissions()))
        .execute();
  }

  @Override
  public void update(RootKeyRow rootKey) {
    handle
        .createUpdate(UPDATE)
        .bind("id", rootKey.id())
        .bind("workspace", rootKey.workspaceId())
        .bind("name", rootKey.name())
        .bind("permissions", Columns.json(rootKey.permissions()))
        .bind("expiresAt", Columns.millis(rootKey.expiresAt()))
        .bind("revokedAt", Columns.millis(rootKey.revokedAt()))
        .bind("revokeReason", rootKey.revokeReason())
        .execute();
  }

  @Override
  public Optional<RootKeyRow> find(String workspaceId, String id) {
    return find(FIND, workspaceId, id);
  }

  @Override
  public Optional<RootKeyRow> findForUpdate(String workspaceId, String id) {
    return find(FIND + dialect.forUpdate(), workspaceId, id);
  }

  private Optional<RootKeyRow> find(String sql, String workspaceId, String id) {
    return handle
        .createQuery(sql)
        .bind("workspace", workspaceId)
        .bind("id", id)
        .map(RootKeyRows.MAPPER)
        .findOne();
  }

  @Override
  public long countLiveHoldingAll(String workspaceId, java.time.Instant now) {
    return handle
        .createQuery(LIVE_ALL + dialect.forUpdate())
        .bind("workspace", workspaceId)
        .bind("now", Columns.millis(now))
        .mapTo(String.class)
        .list()
        .size();
  }

  @Override
  public Slice<RootKeyRow> list(String workspaceId, PageRequest page) {
    return Pages.slice(
        handle.createQuery(LIST).bind("workspace", workspaceId), page, RootKeyRows.MAPPER);
  }
}
