package dev.latchkey.store;

import dev.latchkey.core.store.AttemptRow;
import dev.latchkey.core.store.ClaimedDelivery;
import dev.latchkey.core.store.DeliveryRow;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.WebhookRepository;
import dev.latchkey.core.store.WebhookRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/**
 * Webhooks, deliveries and the delivery log.
 *
 * <p>Claiming: the due deliveries are selected (on PostgreSQL {@code FOR UPDATE SKIP LOCKED}, so a
 * second node skips rows the first is claiming instead of waiting), then each is leased by a
 * conditional update that repeats the "not leased now" test: a row claimed by another node in
 * between is not taken twice. On SQLite writes are serialised anyway.
 */
final class SqlWebhooks implements WebhookRepository {
  private static final String COLUMNS =
      "seq, id, workspace_id, url, description, rules, enabled, signing_secret,"
          + " previous_signing_secret, previous_secret_expires_at, created_at, updated_at";
  private static final String DELIVERY_COLUMNS =
      "d.seq, d.id, d.workspace_id, d.webhook_id, d.alert_id, d.event_type, d.payload, d.status,"
          + " d.attempts, d.next_attempt_at, d.created_at, d.updated_at";
  private static final String INSERT =
      """
      INSERT INTO webhooks (id, workspace_id, url, description, rules, enabled, signing_secret,
        previous_signing_secret, previous_secret_expires_at, created_at, updated_at)
      VALUES (:id, :workspace, :url, :description, :rules, :enabled, :secret, :previousSecret,
        :previousExpiresAt, :createdAt, :updatedAt)""";
  private static final String UPDATE =
      """
      UPDATE webhooks SET url = :url, description = :description, rules = :rules,
        enabled = :enabled, signing_secret = :secret, previous_signing_secret = :previousSecret,
        previous_secret_expires_at = :previousExpiresAt, updated_at = :updatedAt
      WHERE workspace_id = :workspace AND id = :id""";
  private static final String FIND =
      "SELECT " + COLUMNS + " FROM webhooks WHERE workspace_id = :workspace AND id = :id";
  private static final String LIST =
      "SELECT "
          + COLUMNS
          + " FROM webhooks WHERE workspace_id = :workspace AND seq < :before"
          + " ORDER BY seq DESC LIMIT :limit";
  private static final String INSERT_DELIVERY =
      """
      INSERT INTO webhook_deliveries (id, workspace_id, webhook_id, alert_id, event_type, payload,
        status, attempts, next_attempt_at, created_at, updated_at)
      VALUES (:id, :workspace, :webhook, :alert, :eventType, :payload, :status, :attempts,
        :nextAttemptAt, :createdAt, :updatedAt)""";
  private static final String DUE =
      "SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id"
          + " WHERE d.status = 'pending' AND d.next_attempt_at <= :now AND w.enabled = :enabled"
          + " AND (d.claim_expires_at IS NULL OR d.claim_expires_at <= :now)"
          + " ORDER BY d.next_attempt_at LIMIT :limit";
  private static final String LEASE =
      """
      UPDATE webhook_deliveries SET claimed_by = :node, claim_expires_at = :until
      WHERE id = :id AND status = 'pending'
        AND (claim_expires_at IS NULL OR claim_expires_at <= :now)""";
  private static final String FINISH =
      """
      UPDATE webhook_deliveries SET status = :status, attempts = :attempts,
        next_attempt_at = :next, claimed_by = NULL, claim_expires_at = NULL, updated_at = :at
      WHERE id = :id AND claimed_by = :node""";
  private static final String INSERT_ATTEMPT =
      """
      INSERT INTO webhook_attempts (workspace_id, delivery_id, attempt, started_at, duration_ms,
        address, status_code, error, response_snippet)
      VALUES (:workspace, :delivery, :attempt, :startedAt, :durationMs, :address, :statusCode,
        :error, :snippet)""";

  private static final RowMapper<WebhookRow> MAPPER =
      (rs, ctx) ->
          new WebhookRow(
              rs.getString("id"),
              rs.getString("workspace_id"),
              rs.getString("url"),
              rs.getString("description"),
              Columns.strings(rs, "rules"),
              rs.getBoolean("enabled"),
              rs.getString("signing_secret"),
              rs.getString("previous_signing_secret"),
              Columns.instant(rs, "previous_secret_expires_at"),
              Columns.instant(rs, "created_at"),
              Columns.instant(rs, "updated_at"));

  private static final RowMapper<DeliveryRow> DELIVERY =
      (rs, ctx) ->
          new DeliveryRow(
              rs.getString("id"),
              rs.getString("workspace_id"),
              rs.getString("webhook_id"),
              rs.getString("alert_id"),
              rs.getString("event_type"),
              rs.getString("payload"),
              rs.getString("status"),
              rs.getInt("attempts"),
              Columns.instant(rs, "next_attempt_at"),
              Columns.instant(rs, "created_at"),
              Columns.instant(rs, "updated_at"));

  private static final RowMapper<AttemptRow> ATTEMPT =
      (rs, ctx) -> {
        int code = rs.getInt("status_code");
        Integer statusCode = rs.wasNull() ? null : code;
        return new AttemptRow(
            rs.getString("workspace_id"),
            rs.getString("delivery_id"),
            rs.getInt("attempt"),
            Columns.instant(rs, "started_at"),
            rs.getLong("duration_ms"),
            rs.getString("address"),
            statusCode,
            rs.getString("error"),
            rs.getString("response_snippet"));
      };

  private final Handle handle;
  private final Dialect dialect;

  SqlWebhooks(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public void insert(WebhookRow w) {
    bind(handle.createUpdate(INSERT), w).bind("createdAt", Columns.millis(w.createdAt())).execute();
  }

  @Override
  public void update(WebhookRow w) {
    bind(handle.createUpdate(UPDATE), w).execute();
  }

  private static Update bind(Update update, WebhookRow w) {
    return update
        .bind("id", w.id())
        .bind("workspace", w.workspaceId())
        .bind("url", w.url())
        .bind("description", w.description())
        .bind("rules", Columns.json(w.rules()))
        .bind("enabled", w.enabled())
        .bind("secret", w.sealedSecret())
        .bind("previousSecret", w.previousSealedSecret())
        .bind("previousExpiresAt", Columns.millis(w.previousSecretExpiresAt()))
        .bind("updatedAt", Columns.millis(w.updatedAt()));
  }

  @Override
  public void delete(String workspaceId, String id) {
    handle
        .createUpdate(
            "DELETE FROM webhook_attempts WHERE workspace_id = :workspace AND delivery_id IN"
                + " (SELECT id FROM webhook_deliveries WHERE webhook_id = :id)")
        .bind("workspace", workspaceId)
        .bind("id", id)
        .execute();
    for (String table : List.of("webhook_deliveries", "webhooks")) {
      String column = table.equals("webhooks") ? "id" : "webhook_id";
      handle
          .createUpdate(
              "DELETE FROM " + table + " WHERE workspace_id = :workspace AND " + column + " = :id")
          .bind("workspace", workspaceId)
          .bind("id", id)
          .execute();
    }
  }

  @Override
  public Optional<WebhookRow> find(String workspaceId, String id) {
    return handle
        .createQuery(FIND)
        .bind("workspace", workspaceId)
        .bind("id", id)
        .map(MAPPER)
        .findOne();
  }

  @Override
  public Optional<WebhookRow> findForUpdate(String workspaceId, String id) {
    return handle
        .createQuery(FIND + dialect.forUpdate())
        .bind("workspace", workspaceId)
        .bind("id", id)
        .map(MAPPER)
        .findOne();
  }

  @Override
  public Slice<WebhookRow> list(String workspaceId, PageRequest page) {
    return Pages.slice(handle.createQuery(LIST).bind("workspace", workspaceId), page, MAPPER);
  }

  @Override
  public List<WebhookRow> listEnabled(String workspaceId) {
    return handle
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM webhooks WHERE workspace_id = :workspace AND enabled = :enabled"
                + " ORDER BY seq")
        .bind("workspace", workspaceId)
        .bind("enabled", true)
        .map(MAPPER)
        .list();
  }

  @Override
  public void insertDelivery(DeliveryRow d) {
    handle
        .createUpdate(INSERT_DELIVERY)
        .bind("id", d.id())
        .bind("workspace", d.workspaceId())
        .bind("webhook", d.webhookId())
        .bind("alert", d.alertId())
        .bind("eventType", d.eventType())
        .bind("payload", d.payload())
        .bind("status", d.status())
        .bind("attempts", d.attempts())
        .bind("nextAttemptAt", Columns.millis(d.nextAttemptAt()))
        .bind("createdAt", Columns.millis(d.createdAt()))
        .bind("updatedAt", Columns.millis(d.updatedAt()))
        .execute();
  }

  @Override
  public List<ClaimedDelivery> claimDue(String node, Instant now, Instant leaseUntil, int limit) {
    String lock = dialect == Dialect.POSTGRES ? " FOR UPDATE OF d SKIP LOCKED" : "";
    List<String> due =
        handle
            .createQuery(DUE + lock)
            .bind("now", Columns.millis(now))
            .bind("enabled", true)
            .bind("limit", limit)
            .mapTo(String.class)
            .list();
    List<ClaimedDelivery> claimed = new ArrayList<>();
    for (String id : due) {
      int leased =
          handle
              .createUpdate(LEASE)
              .bind("node", node)
              .bind("until", Columns.millis(leaseUntil))
              .bind("now", Columns.millis(now))
              .bind("id", id)
              .execute();
      if (leased == 1) {
        DeliveryRow d = delivery(id).orElseThrow();
        find(d.workspaceId(), d.webhookId()).ifPresent(w -> claimed.add(new ClaimedDelivery(d, w)));
      }
    }
    return claimed;
  }

  private Optional<DeliveryRow> delivery(String id) {
    return handle
        .createQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries d WHERE d.id = :id")
        .bind("id", id)
        .map(DELIVERY)
        .findOne();
  }

  @Override
  public boolean finishAttempt(
      String node, AttemptRow a, String status, int attempts, Instant nextAttemptAt) {
    handle
        .createUpdate(INSERT_ATTEMPT)
        .bind("workspace", a.workspaceId())
        .bind("delivery", a.deliveryId())
        .bind("attempt", a.attempt())
        .bind("startedAt", Columns.millis(a.startedAt()))
        .bind("durationMs", a.durationMs())
        .bind("address", a.address())
        .bind("statusCode", a.statusCode())
        .bind("error", a.error())
        .bind("snippet", a.responseSnippet())
        .execute();
    return handle
            .createUpdate(FINISH)
            .bind("status", status)
            .bind("attempts", attempts)
            .bind("next", Columns.millis(nextAttemptAt))
            .bind("at", Columns.millis(a.startedAt().plusMillis(a.durationMs())))
            .bind("id", a.deliveryId())
            .bind("node", node)
            .execute()
        == 1;
  }

  @Override
  public Optional<DeliveryRow> findDelivery(String workspaceId, String webhookId, String id) {
    return handle
        .createQuery(
            "SELECT "
                + DELIVERY_COLUMNS
                + " FROM webhook_deliveries d WHERE d.workspace_id = :workspace"
                + " AND d.webhook_id = :webhook AND d.id = :id")
        .bind("workspace", workspaceId)
        .bind("webhook", webhookId)
        .bind("id", id)
        .map(DELIVERY)
        .findOne();
  }

  @Override
  public Slice<DeliveryRow> listDeliveries(
      String workspaceId, String webhookId, Optional<String> status, PageRequest page) {
    String sql =
        "SELECT "
            + DELIVERY_COLUMNS
            + " FROM webhook_deliveries d WHERE d.workspace_id = :workspace"
            + " AND d.webhook_id = :webhook AND d.seq < :before"
            + (status.isPresent() ? " AND d.status = :status" : "")
            + " ORDER BY d.seq DESC LIMIT :limit";
    Query query = handle.createQuery(sql).bind("workspace", workspaceId).bind("webhook", webhookId);
    status.ifPresent(s -> query.bind("status", s));
    return Pages.slice(query, page, DELIVERY);
  }

  @Override
  public List<AttemptRow> attempts(String workspaceId, String deliveryId) {
    return handle
        .createQuery(
            "SELECT workspace_id, delivery_id, attempt, started_at, duration_ms, address,"
                + " status_code, error, response_snippet FROM webhook_attempts"
                + " WHERE workspace_id = :workspace AND delivery_id = :delivery ORDER BY seq")
        .bind("workspace", workspaceId)
        .bind("delivery", deliveryId)
        .map(ATTEMPT)
        .list();
  }

  @Override
  public void requeue(String workspaceId, String id, Instant now) {
    handle
        .createUpdate(
            """
            UPDATE webhook_deliveries SET status = 'pending', attempts = 0,
              next_attempt_at = :now, claimed_by = NULL, claim_expires_at = NULL,
              updated_at = :now
            WHERE workspace_id = :workspace AND id = :id""")
        .bind("workspace", workspaceId)
        .bind("id", id)
        .bind("now", Columns.millis(now))
        .execute();
  }

  @Override
  public int deleteFinishedBefore(Instant cutoff) {
    String finished = "status IN ('delivered', 'dead') AND updated_at < :cutoff";
    handle
        .createUpdate(
            "DELETE FROM webhook_attempts WHERE delivery_id IN"
                + " (SELECT id FROM webhook_deliveries WHERE "
                + finished
                + ")")
        .bind("cutoff", Columns.millis(cutoff))
        .execute();
    return handle
        .createUpdate("DELETE FROM webhook_deliveries WHERE " + finished)
        .bind("cutoff", Columns.millis(cutoff))
        .execute();
  }
}
