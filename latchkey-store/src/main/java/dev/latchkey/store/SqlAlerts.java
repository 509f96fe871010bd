package dev.latchkey.store;

import dev.latchkey.api.Alert;
import dev.latchkey.api.AlertRule;
import dev.latchkey.core.store.AlertFilter;
import dev.latchkey.core.store.AlertRepository;
import dev.latchkey.core.store.AlertSignal;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * Alerts. Deduplication is one upsert on the partial unique index {@code alerts_open}: atomic on
 * both databases, so two nodes raising the same alert at once make one row with count 2.
 */
final class SqlAlerts implements AlertRepository {
  private static final String COLUMNS =
      "seq, id, rule, severity, subject_type, subject_id, dedup_key, details, occurrences,"
          + " first_seen_at, last_seen_at, acknowledged_at, acknowledged_by";
  private static final String RAISE =
      """
      INSERT INTO alerts (id, workspace_id, rule, severity, subject_type, subject_id, dedup_key,
        details, occurrences, first_seen_at, last_seen_at)
      VALUES (:id, :workspace, :rule, :severity, :subjectType, :subjectId, :dedupKey, :details, 1,
        :at, :at)
      ON CONFLICT (workspace_id, rule, dedup_key) WHERE acknowledged_at IS NULL
      DO UPDATE SET occurrences = alerts.occurrences + 1,
        severity = excluded.severity,
        details = excluded.details,
        last_seen_at = CASE WHEN excluded.last_seen_at > alerts.last_seen_at
          THEN excluded.last_seen_at ELSE alerts.last_seen_at END
      RETURNING\s"""
          + COLUMNS;
  private static final String FIND =
      "SELECT " + COLUMNS + " FROM alerts WHERE workspace_id = :workspace AND id = :id";
  private static final String EXISTS =
      """
      SELECT 1 FROM alerts
      WHERE workspace_id = :workspace AND rule = :rule AND dedup_key = :dedupKey
      LIMIT 1""";
  private static final String ACKNOWLEDGE =
      """
      UPDATE alerts SET acknowledged_at = :at, acknowledged_by = :by
      WHERE workspace_id = :workspace AND id = :id AND acknowledged_at IS NULL""";
  private static final String RULE =
      "SELECT rule, action, updated_at FROM alert_rules WHERE workspace_id = :workspace";
  private static final String SET_RULE =
      """
      INSERT INTO alert_rules (workspace_id, rule, action, updated_at)
      VALUES (:workspace, :rule, :action, :at)
      ON CONFLICT (workspace_id, rule) DO UPDATE SET action = excluded.action,
        updated_at = excluded.updated_at""";

  private static final RowMapper<Alert> MAPPER =
      (rs, ctx) -> {
        java.time.Instant acknowledgedAt = Columns.instant(rs, "acknowledged_at");
        return new Alert(
            rs.getString("id"),
            rs.getString("rule"),
            rs.getString("severity"),
            new Alert.Subject(rs.getString("subject_type"), rs.getString("subject_id")),
            rs.getString("dedup_key"),
            Columns.map(rs, "details"),
            rs.getLong("occurrences"),
            acknowledgedAt == null ? "open" : "acknowledged",
            Columns.instant(rs, "first_seen_at"),
            Columns.instant(rs, "last_seen_at"),
            acknowledgedAt,
            rs.getString("acknowledged_by"));
      };

  private static final RowMapper<AlertRule> RULE_MAPPER =
      (rs, ctx) ->
          new AlertRule(
              rs.getString("rule"), rs.getString("action"), Columns.instant(rs, "updated_at"));

  private final Handle handle;
  private final Dialect dialect;

  SqlAlerts(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public Alert raise(String newId, AlertSignal s) {
    return handle
        .createQuery(RAISE)
        .bind("id", newId)
        .bind("workspace", s.workspaceId())
        .bind("rule", s.rule())
        .bind("severity", s.severity())
        .bind("subjectType", s.subjectType())
        .bind("subjectId", s.subjectId())
        .bind("dedupKey", s.dedupKey())
        .bind("details", Columns.json(s.details()))
        .bind("at", Columns.millis(s.at()))
        .map(MAPPER)
        .one();
  }

  @Override
  public Optional<Alert> find(String workspaceId, String id) {
    return handle
        .createQuery(FIND)
        .bind("workspace", workspaceId)
        .bind("id", id)
        .map(MAPPER)
        .findOne();
  }

  @Override
  public boolean exists(String workspaceId, String rule, String dedupKey) {
    return handle
        .createQuery(EXISTS)
        .bind("workspace", workspaceId)
        .bind("rule", rule)
        .bind("dedupKey", dedupKey)
        .mapTo(Integer.class)
        .findOne()
        .isPresent();
  }

  @Override
  public Optional<Alert> findForUpdate(String workspaceId, String id) {
    return handle
        .createQuery(FIND + dialect.forUpdate())
        .bind("workspace", workspaceId)
        .bind("id", id)
        .map(MAPPER)
        .findOne();
  }

  @Override
  public Slice<Alert> list(String workspaceId, AlertFilter filter, PageRequest page) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM alerts WHERE workspace_id = :workspace AND seq < :before");
    filter
        .open()
        .ifPresent(
            open ->
                sql.append(
                    open ? " AND acknowledged_at IS NULL" : " AND acknowledged_at IS NOT NULL"));
    filter.rule().ifPresent(r -> sql.append(" AND rule = :rule"));
    filter.since().ifPresent(s -> sql.append(" AND last_seen_at >= :since"));
    sql.append(" ORDER BY seq DESC LIMIT :limit");
    Query query = handle.createQuery(sql.toString()).bind("workspace", workspaceId);
    filter.rule().ifPresent(r -> query.bind("rule", r));
    filter.since().ifPresent(s -> query.bind("since", Columns.millis(s)));
    return Pages.slice(query, page, MAPPER);
  }

  @Override
  public void acknowledge(String workspaceId, String id, java.time.Instant at, String by) {
    handle
        .createUpdate(ACKNOWLEDGE)
        .bind("workspace", workspaceId)
        .bind("id", id)
        .bind("at", Columns.millis(at))
        .bind("by", by)
        .execute();
  }

  @Override
  public Optional<AlertRule> rule(String workspaceId, String rule) {
    return handle
        .createQuery(RULE + " AND rule = :rule")
        .bind("workspace", workspaceId)
        .bind("rule", rule)
        .map(RULE_MAPPER)
        .findOne();
  }

  @Override
  public List<AlertRule> rules(String workspaceId) {
    return handle
        .createQuery(RULE + " ORDER BY rule")
        .bind("workspace", workspaceId)
        .map(RULE_MAPPER)
        .list();
  }

  @Override
  public void setRule(String workspaceId, AlertRule rule) {
    if (rule.action().equals("none")) {
      handle
          .createUpdate("DELETE FROM alert_rules WHERE workspace_id = :workspace AND rule = :rule")
          .bind("workspace", workspaceId)
          .bind("rule", rule.rule())
          .execute();
      return;
    }
    handle
        .createUpdate(SET_RULE)
        .bind("workspace", workspaceId)
        .bind("rule", rule.rule())
        .bind("action", rule.action())
        .bind("at", Columns.millis(rule.updatedAt()))
        .execute();
  }
}
