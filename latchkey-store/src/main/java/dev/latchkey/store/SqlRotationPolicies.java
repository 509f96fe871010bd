package dev.latchkey.store;

import dev.latchkey.core.store.DueRotation;
import dev.latchkey.core.store.RotationPolicyRepository;
import dev.latchkey.core.store.RotationPolicyRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Rotation policies. The due query joins every live key to the policy in force for it, its own or
 * else its service's, and keeps those due by the horizon with no pending rotation.
 */
final class SqlRotationPolicies implements RotationPolicyRepository {
  private static final String POLICY_COLUMNS =
      "p.workspace_id, p.target_type, p.target_id, p.max_age_ms, p.rotate_before_expiry_ms,"
          + " p.grace_period_ms, p.sink_id, p.updated_at";
  private static final String DELETE =
      """
      DELETE FROM rotation_policies
      WHERE workspace_id = :workspace AND target_type = :type AND target_id = :target""";
  private static final String INSERT =
      """
      INSERT INTO rotation_policies (workspace_id, target_type, target_id, max_age_ms,
        rotate_before_expiry_ms, grace_period_ms, sink_id, updated_at)
      VALUES (:workspace, :type, :target, :maxAge, :beforeExpiry, :grace, :sink, :updatedAt)""";
  private static final String FIND =
      "SELECT "
          + POLICY_COLUMNS
          + " FROM rotation_policies p"
          + " WHERE p.workspace_id = :workspace AND p.target_type = :type AND p.target_id = :target";
  private static final String DUE =
      "SELECT k.workspace_id AS key_workspace, k.id AS key_id, k.service_id,"
          + " COALESCE(k.rotated_at, k.created_at) AS since, k.expires_at, "
          + POLICY_COLUMNS
          + """
           FROM keys k JOIN rotation_policies p ON p.workspace_id = k.workspace_id
            AND ((p.target_type = 'key' AND p.target_id = k.id)
              OR (p.target_type = 'service' AND p.target_id = k.service_id
                AND NOT EXISTS (SELECT 1 FROM rotation_policies q
                  WHERE q.workspace_id = k.workspace_id AND q.target_type = 'key'
                    AND q.target_id = k.id)))
          WHERE p.sink_id IS %s AND k.revoked_at IS NULL AND k.enabled = :enabled
            AND (k.expires_at IS NULL OR k.expires_at > :now)
            AND ((p.max_age_ms IS NOT NULL
                  AND COALESCE(k.rotated_at, k.created_at) + p.max_age_ms <= :horizon)
              OR (p.rotate_before_expiry_ms IS NOT NULL AND k.expires_at IS NOT NULL
                  AND k.expires_at - p.rotate_before_expiry_ms <= :horizon))
            AND NOT EXISTS (SELECT 1 FROM rotations r
              WHERE r.key_id = k.id AND r.status = 'pending')
          ORDER BY k.seq LIMIT :limit""";

  private static final String DUE_WITH_SINK = DUE.formatted("NOT NULL");
  private static final String DUE_WITHOUT_SINK = DUE.formatted("NULL");

  private final Handle handle;

  SqlRotationPolicies(Handle handle) {
    this.handle = handle;
  }

  @Override
  public void put(RotationPolicyRow p) {
    delete(p.workspaceId(), p.targetType(), p.targetId());
    handle
        .createUpdate(INSERT)
        .bind("workspace", p.workspaceId())
        .bind("type", p.targetType())
        .bind("target", p.targetId())
        .bind("maxAge", millis(p.maxAge()))
        .bind("beforeExpiry", millis(p.rotateBeforeExpiry()))
        .bind("grace", p.gracePeriod().toMillis())
        .bind("sink", p.sinkId())
        .bind("updatedAt", Columns.millis(p.updatedAt()))
        .execute();
  }

  @Override
  public Optional<RotationPolicyRow> find(String workspaceId, String targetType, String targetId) {
    return handle
        .createQuery(FIND)
        .bind("workspace", workspaceId)
        .bind("type", targetType)
        .bind("target", targetId)
        .map((rs, ctx) -> policy(rs))
        .findOne();
  }

  @Override
  public boolean delete(String workspaceId, String targetType, String targetId) {
    return handle
            .createUpdate(DELETE)
            .bind("workspace", workspaceId)
            .bind("type", targetType)
            .bind("target", targetId)
            .execute()
        == 1;
  }

  @Override
  public List<DueRotation> due(Instant now, Instant horizon, int limit, boolean withSink) {
    return handle
        .createQuery(withSink ? DUE_WITH_SINK : DUE_WITHOUT_SINK)
        .bind("enabled", true)
        .bind("now", Columns.millis(now))
        .bind("horizon", Columns.millis(horizon))
        .bind("limit", limit)
        .map(
            (rs, ctx) ->
                new DueRotation(
                    rs.getString("key_workspace"),
                    rs.getString("key_id"),
                    rs.getString("service_id"),
                    Columns.instant(rs, "since"),
                    Columns.instant(rs, "expires_at"),
                    policy(rs)))
        .list();
  }

  private static RotationPolicyRow policy(ResultSet rs) throws SQLException {
    return new RotationPolicyRow(
        rs.getString("workspace_id"),
        rs.getString("target_type"),
        rs.getString("target_id"),
        duration(rs, "max_age_ms"),
        duration(rs, "rotate_before_expiry_ms"),
        Duration.ofMillis(rs.getLong("grace_period_ms")),
        rs.getString("sink_id"),
        Columns.instant(rs, "updated_at"));
  }

  private static Duration duration(ResultSet rs, String column) throws SQLException {
    long ms = rs.getLong(column);
    return rs.wasNull() ? null : Duration.ofMillis(ms);
  }

  private static Long millis(Duration d) {
    return d == null ? null : d.toMillis();
  }
}
