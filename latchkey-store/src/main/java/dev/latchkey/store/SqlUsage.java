package dev.latchkey.store;

import dev.latchkey.core.store.KeyLastUse;
import dev.latchkey.core.store.UsageCountRow;
import dev.latchkey.core.store.UsageGranularity;
import dev.latchkey.core.store.UsageRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The tables {@code usage_counts} (verification counts by granularity, period, key, service and
 * outcome), {@code key_last_use} and {@code usage_rollup} (the rollup job's lock and last run). The
 * SQL is the same on SQLite and PostgreSQL: both have {@code INSERT … ON CONFLICT DO UPDATE} and
 * integer division of integers.
 */
final class SqlUsage implements UsageRepository {
  /** Adds: two nodes flushing counts of the same minute, key, service and outcome add up. */
  static final String ADD_COUNT =
      """
      INSERT INTO usage_counts
        (granularity, bucket_start, workspace_id, key_id, service_id, outcome, count)
      VALUES (:granularity, :start, :workspace, :key, :service, :outcome, :count)
      ON CONFLICT (granularity, bucket_start, workspace_id, key_id, service_id, outcome)
      DO UPDATE SET count = usage_counts.count + excluded.count""";

  /** Keeps the later use: two nodes may flush uses of one key in either order. */
  static final String PUT_LAST_USE =
      """
      INSERT INTO key_last_use (key_id, workspace_id, last_used_at, last_address)
      VALUES (:key, :workspace, :at, :address)
      ON CONFLICT (key_id)
      DO UPDATE SET last_used_at = excluded.last_used_at, last_address = excluded.last_address
      WHERE excluded.last_used_at > key_last_use.last_used_at""";

  /**
   * Rewrites coarse rows as sums of the fine rows inside their periods: setting, not adding, so a
   * re-run (or another node's run) writes the same values. {@code WHERE} before {@code ON CONFLICT}
   * also keeps SQLite's parser from reading it as a join's {@code ON}; the {@code GROUP BY} names
   * the period by position, as PostgreSQL sees each {@code :length} as a parameter of its own.
   */
  private static final String ROLL_UP =
      """
      INSERT INTO usage_counts
        (granularity, bucket_start, workspace_id, key_id, service_id, outcome, count)
      SELECT :coarse, (bucket_start / :length) * :length, workspace_id, key_id, service_id,
             outcome, SUM(count)
      FROM usage_counts
      WHERE granularity = :fine AND bucket_start >= :from AND bucket_start < :until
      GROUP BY 2, 3, 4, 5, 6
      ON CONFLICT (granularity, bucket_start, workspace_id, key_id, service_id, outcome)
      DO UPDATE SET count = excluded.count
      WHERE usage_counts.count <> excluded.count""";

  private static final String SERIES =
      """
      SELECT bucket_start, outcome, SUM(count) AS total
      FROM usage_counts
      WHERE workspace_id = :workspace AND <column> = :id AND granularity = :granularity
        AND bucket_start >= :from AND bucket_start < :until
      GROUP BY bucket_start, outcome
      ORDER BY bucket_start, outcome""";

  private static final String LAST_USES =
      """
      SELECT key_id, last_used_at, last_address FROM key_last_use
      WHERE workspace_id = :workspace AND key_id IN (<keys>)""";

  private final Handle handle;
  private final Dialect dialect;

  SqlUsage(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  /** Writes {@code counts} and then {@code lastUses}, each as one JDBC batch, in their order. */
  static void record(Handle handle, List<UsageCountRow> counts, List<KeyLastUse> lastUses) {
    if (!counts.isEmpty()) {
      PreparedBatch batch = handle.prepareBatch(ADD_COUNT);
      for (UsageCountRow row : counts) {
        batch
            .bind("granularity", row.granularity().column())
            .bind("start", row.bucketStart())
            .bind("workspace", row.workspaceId())
            .bind("key", row.keyId())
            .bind("service", row.serviceId())
            .bind("outcome", row.outcome())
            .bind("count", row.count())
            .add();
      }
      batch.execute();
    }
    if (!lastUses.isEmpty()) {
      PreparedBatch batch = handle.prepareBatch(PUT_LAST_USE);
      for (KeyLastUse use : lastUses) {
        batch
            .bind("key", use.keyId())
            .bind("workspace", use.workspaceId())
            .bind("at", Columns.millis(use.at()))
            .bind("address", use.address().orElse(null))
            .add();
      }
      batch.execute();
    }
  }

  @Override
  public List<Bucket> series(
      String workspaceId,
      Subject subject,
      String id,
      UsageGranularity granularity,
      long from,
      long until) {
    return handle
        .createQuery(SERIES)
        .define("column", subject == Subject.KEY ? "key_id" : "service_id")
        .bind("workspace", workspaceId)
        .bind("id", id)
        .bind("granularity", granularity.column())
        .bind("from", from)
        .bind("until", until)
        .map(
            (rs, ctx) ->
                new Bucket(
                    rs.getLong("bucket_start"), rs.getString("outcome"), rs.getLong("total")))
        .list();
  }

  @Override
  public List<IdleKey> idleKeys(long before, long now, String afterKeyId, int limit) {
    return handle
        .createQuery(
            """
            SELECT k.workspace_id, k.id, k.service_id, u.last_used_at,
              CASE WHEN k.created_at > t.since THEN k.created_at ELSE t.since END AS idle_since
            FROM keys k LEFT JOIN key_last_use u ON u.key_id = k.id
              CROSS JOIN usage_tracking t
            WHERE k.revoked_at IS NULL AND k.enabled = :enabled
              AND (k.expires_at IS NULL OR k.expires_at > :now)
              AND COALESCE(
                u.last_used_at,
                CASE WHEN k.created_at > t.since THEN k.created_at ELSE t.since END) < :before
              AND k.id > :after
            ORDER BY k.id LIMIT :limit""")
        .bind("enabled", true)
        .bind("now", now)
        .bind("before", before)
        .bind("after", afterKeyId == null ? "" : afterKeyId)
        .bind("limit", limit)
        .map(
            (rs, ctx) -> {
              long lastUsed = rs.getLong("last_used_at");
              boolean used = !rs.wasNull();
              return new IdleKey(
                  rs.getString("workspace_id"),
                  rs.getString("id"),
                  rs.getString("service_id"),
                  used ? lastUsed : rs.getLong("idle_since"),
                  used);
            })
        .list();
  }

  @Override
  public Map<String, KeyLastUse> lastUses(String workspaceId, Collection<String> keyIds) {
    Map<String, KeyLastUse> found = new HashMap<>();
    if (keyIds.isEmpty()) {
      return found;
    }
    handle
        .createQuery(LAST_USES)
        .bind("workspace", workspaceId)
        .bindList("keys", List.copyOf(keyIds))
        .map(
            (rs, ctx) ->
                new KeyLastUse(
                    workspaceId,
                    rs.getString("key_id"),
                    Instant.ofEpochMilli(rs.getLong("last_used_at")),
                    Optional.ofNullable(rs.getString("last_address"))))
        .forEach(u -> found.put(u.keyId(), u));
    return found;
  }

  @Override
  public int rollUp(UsageGranularity fine, UsageGranularity coarse, long from, long until) {
    return handle
        .createUpdate(ROLL_UP)
        .bind("coarse", coarse.column())
        .bind("fine", fine.column())
        .bind("length", coarse.millis())
        .bind("from", from)
        .bind("until", until)
        .execute();
  }

  @Override
  public int deleteBefore(UsageGranularity granularity, long before) {
    return handle
        .createUpdate(
            "DELETE FROM usage_counts WHERE granularity = :granularity AND bucket_start < :before")
        .bind("granularity", granularity.column())
        .bind("before", before)
        .execute();
  }

  @Override
  public long lockRollup() {
    // The migration inserts the row; this puts it back should it have been deleted.
    handle
        .createUpdate(
            "INSERT INTO usage_rollup (id, ran_at) VALUES (1, 0) ON CONFLICT (id) DO NOTHING")
        .execute();
    return handle
        .createQuery("SELECT ran_at FROM usage_rollup WHERE id = 1" + dialect.forUpdate())
        .mapTo(Long.class)
        .one();
  }

  @Override
  public void rollupRan(long at) {
    handle
        .createUpdate("UPDATE usage_rollup SET ran_at = :at WHERE id = 1")
        .bind("at", at)
        .execute();
  }
}
