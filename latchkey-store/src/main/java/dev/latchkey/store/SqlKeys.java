package dev.latchkey.store;

import dev.latchkey.api.KeyState;
import dev.latchkey.core.limit.WireLimits;
import dev.latchkey.core.store.KeyFilter;
import dev.latchkey.core.store.KeyRepository;
import dev.latchkey.core.store.KeyRepository.ExpiringKey;
import dev.latchkey.core.store.KeyRow;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

final class SqlKeys implements KeyRepository {
  private static final String INSERT =
      """
      INSERT INTO keys (id, workspace_id, service_id, consumer_id, name, meta, enabled,
        expires_at, created_at, updated_at, revoked_at, revoke_reason, start, rotated_at,
        previous_start, grace_ends_at, previous_secret_last_used_at, permissions, roles,
        condition_expr, limits, credits)
      VALUES (:id, :workspace, :service, :consumer, :name, :meta, :enabled,
        :expiresAt, :createdAt, :updatedAt, :revokedAt, :revokeReason, :start, :rotatedAt,
        :previousStart, :graceEndsAt, :previousSecretLastUsedAt, :permissions, :roles,
        :condition, :limits, :credits)""";
  private static final String UPDATE =
      """
      UPDATE keys SET name = :name, meta = :meta, enabled = :enabled, expires_at = :expiresAt,
        updated_at = :updatedAt, revoked_at = :revokedAt, revoke_reason = :revokeReason,
        start = :start, rotated_at = :rotatedAt, previous_start = :previousStart,
        grace_ends_at = :graceEndsAt, previous_secret_last_used_at = :previousSecretLastUsedAt,
        permissions = :permissions, roles = :roles, condition_expr = :condition,
        limits = :limits, credits = :credits
      WHERE workspace_id = :workspace AND id = :id""";
  private static final String FIND =
      "SELECT " + KeyRows.COLUMNS + " FROM keys k WHERE k.workspace_id = :workspace AND k.id = :id";
  private static final String LIST =
      "SELECT k.seq, "
          + KeyRows.COLUMNS
          + " FROM keys k WHERE k.workspace_id = :workspace AND k.seq < :before";
  private static final String EXPIRING =
      " AND k.revoked_at IS NULL AND k.expires_at > :expiringAfter"
          + " AND k.expires_at <= :expiringBy";
  private static final String EXPIRING_EVERYWHERE =
      """
      SELECT k.workspace_id, k.id, k.service_id, k.consumer_id, k.expires_at FROM keys k
      WHERE k.expires_at IS NOT NULL AND k.revoked_at IS NULL
        AND k.expires_at > :now AND k.expires_at <= :until AND k.id > :after
      ORDER BY k.id LIMIT :limit""";
  private static final String NOT_REVOKED_NOR_EXPIRED =
      " AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > :now)";

  private final Handle handle;
  private final Dialect dialect;

  SqlKeys(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public void insert(KeyRow key) {
    bindRow(handle.createUpdate(INSERT), key)
        .bind("service", key.serviceId())
        .bind("consumer", key.consumerId())
        .bind("createdAt", Columns.millis(key.createdAt()))
        .execute();
  }

  @Override
  public void update(KeyRow key) {
    bindRow(handle.createUpdate(UPDATE), key).execute();
  }

  /** Binds the id, the workspace and every mutable column. */
  private static Update bindRow(Update update, KeyRow key) {
    return update
        .bind("id", key.id())
        .bind("workspace", key.workspaceId())
        .bind("name", key.name())
        .bind("meta", Columns.json(key.meta()))
        .bind("enabled", key.enabled())
        .bind("expiresAt", Columns.millis(key.expiresAt()))
        .bind("updatedAt", Columns.millis(key.updatedAt()))
        .bind("revokedAt", Columns.millis(key.revokedAt()))
        .bind("revokeReason", key.revokeReason())
        .bind("start", key.start())
        .bind("rotatedAt", Columns.millis(key.rotatedAt()))
        .bind("previousStart", key.previousStart())
        .bind("graceEndsAt", Columns.millis(key.graceEndsAt()))
        .bind("previousSecretLastUsedAt", Columns.millis(key.previousSecretLastUsedAt()))
        .bind("permissions", Columns.json(key.permissions()))
        .bind("roles", Columns.json(key.roles()))
        .bind("condition", key.condition())
        .bind("limits", Columns.rateLimitsJson(WireLimits.rateLimits(key.limits().rates())))
        .bind("credits", Columns.creditsJson(WireLimits.credits(key.limits().credits(), null)));
  }

  @Override
  public Optional<KeyRow> find(String workspaceId, String id) {
    return find(FIND, workspaceId, id);
  }

  @Override
  public Optional<KeyRow> findForUpdate(String workspaceId, String id) {
    return find(FIND + dialect.forUpdate(), workspaceId, id);
  }

  private Optional<KeyRow> find(String sql, String workspaceId, String id) {
    return handle
        .createQuery(sql)
        .bind("workspace", workspaceId)
        .bind("id", id)
        .map(KeyRows.MAPPER)
        .findOne();
  }

  @Override
  public Slice<KeyRow> list(String workspaceId, KeyFilter filter, PageRequest page) {
    StringBuilder sql = new StringBuilder(LIST);
    filter.serviceId().ifPresent(s -> sql.append(" AND k.service_id = :service"));
    filter.consumerId().ifPresent(c -> sql.append(" AND k.consumer_id = :consumer"));
    filter.state().ifPresent(s -> sql.append(stateCondition(s)));
    filter.withinServices().ifPresent(s -> sql.append(" AND k.service_id IN (<within>)"));
    filter.expiringBy().ifPresent(by -> sql.append(EXPIRING));
    sql.append(" ORDER BY k.seq DESC LIMIT :limit");
    Query query = handle.createQuery(sql.toString()).bind("workspace", workspaceId);
    filter.serviceId().ifPresent(s -> query.bind("service", s));
    filter.consumerId().ifPresent(c -> query.bind("consumer", c));
    filter.state().ifPresent(s -> bindState(query, s, filter));
    filter.withinServices().ifPresent(s -> query.bindList("within", List.copyOf(s)));
    filter
        .expiringBy()
        .ifPresent(
            by ->
                query
                    .bind("expiringAfter", Columns.millis(filter.now()))
                    .bind("expiringBy", Columns.millis(by)));
    return Pages.slice(query, page, KeyRows.MAPPER);
  }

  @Override
  public List<ExpiringKey> expiring(Instant now, Instant until, String afterKeyId, int limit) {
    return handle
        .createQuery(EXPIRING_EVERYWHERE)
        .bind("now", Columns.millis(now))
        .bind("until", Columns.millis(until))
        .bind("after", afterKeyId)
        .bind("limit", limit)
        .map(
            (rs, ctx) ->
                new ExpiringKey(
                    rs.getString("workspace_id"),
                    rs.getString("id"),
                    rs.getString("service_id"),
                    Optional.ofNullable(rs.getString("consumer_id")),
                    Columns.instant(rs, "expires_at")))
        .list();
  }

  /** A key's state at {@code :now}: revoked, else expired, else disabled, else active. */
  private static String stateCondition(KeyState state) {
    return switch (state) {
      case REVOKED -> " AND k.revoked_at IS NOT NULL";
      case EXPIRED -> " AND k.revoked_at IS NULL AND k.expires_at <= :now";
      case DISABLED, ACTIVE -> NOT_REVOKED_NOR_EXPIRED + " AND k.enabled = :enabled";
    };
  }

  private static void bindState(Query query, KeyState state, KeyFilter filter) {
    if (state != KeyState.REVOKED) {
      query.bind("now", Columns.millis(filter.now()));
    }
    if (state == KeyState.DISABLED || state == KeyState.ACTIVE) {
      query.bind("enabled", state == KeyState.ACTIVE);
    }
  }
}
