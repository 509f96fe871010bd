package dev.latchkey.store;

import dev.latchkey.core.store.AccessUsageRepository;
import dev.latchkey.core.store.AccessUsageRow;
import dev.latchkey.core.store.AccessUse;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The table {@code key_access_usage}: one row per key, UTC day, source, grant and permission. */
final class SqlAccessUsage implements AccessUsageRepository {
  /**
   * Inserts, or keeps the later {@code last_at}. The {@code WHERE} of the update (rather than
   * SQLite's {@code max} or PostgreSQL's {@code GREATEST}) is the same SQL on both, and leaves a
   * row that already holds a later time untouched: PostgreSQL writes no new row version for it.
   */
  static final String UPSERT =
      """
      INSERT INTO key_access_usage
        (workspace_id, key_id, day, source, grant_text, permission, last_at)
      VALUES (:workspace, :key, :day, :source, :grant, :permission, :lastAt)
      ON CONFLICT (workspace_id, key_id, day, source, grant_text, permission)
      DO UPDATE SET last_at = excluded.last_at
      WHERE excluded.last_at > key_access_usage.last_at""";

  private static final String SINCE =
      """
      SELECT source, grant_text, permission, MAX(last_at) AS last_at
      FROM key_access_usage
      WHERE workspace_id = :workspace AND key_id = :key AND day >= :fromDay
      GROUP BY source, grant_text, permission
      ORDER BY source, grant_text, permission""";

  private static final String DELETE_BEFORE = "DELETE FROM key_access_usage WHERE day < :day";

  private static final RowMapper<AccessUse> MAPPER =
      (rs, ctx) ->
          new AccessUse(
              rs.getString("source"),
              rs.getString("grant_text"),
              rs.getString("permission"),
              Columns.instant(rs, "last_at"));

  private final Handle handle;

  SqlAccessUsage(Handle handle) {
    this.handle = handle;
  }

  /** Writes {@code rows} as one JDBC batch on {@code handle}, in their order. */
  static int[] record(Handle handle, List<AccessUsageRow> rows) {
    PreparedBatch batch = handle.prepareBatch(UPSERT);
    for (AccessUsageRow row : rows) {
      batch
          .bind("workspace", row.workspaceId())
          .bind("key", row.keyId())
          .bind("day", row.day())
          .bind("source", row.source())
          .bind("grant", row.grant())
          .bind("permission", row.permission())
          .bind("lastAt", Columns.millis(row.lastAt()))
          .add();
    }
    return batch.execute();
  }

  @Override
  public List<AccessUse> since(String workspaceId, String keyId, long fromDay) {
    return handle
        .createQuery(SINCE)
        .bind("workspace", workspaceId)
        .bind("key", keyId)
        .bind("fromDay", fromDay)
        .map(MAPPER)
        .list();
  }

  @Override
  public int deleteBefore(long day) {
    return handle.createUpdate(DELETE_BEFORE).bind("day", day).execute();
  }
}
