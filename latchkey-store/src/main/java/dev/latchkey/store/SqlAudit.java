package dev.latchkey.store;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.AuditVerification.ChainHead;
import dev.latchkey.api.audit.AuditChain;
import dev.latchkey.core.store.AuditFilter;
import dev.latchkey.core.store.AuditLink;
import dev.latchkey.core.store.AuditRepository;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * The audit log and its hash chain. An append locks the workspace's row of {@code
 * audit_chain_heads} with an upsert that returns it (on PostgreSQL the row stays locked to the end
 * of the transaction; SQLite serialises writes anyway), so appends to one workspace take turns.
 */
final class SqlAudit implements AuditRepository {
  /** The columns every query of events selects, in this order ({@link #event} reads by index). */
  static final String COLUMNS =
      """
      seq, id, workspace_id, occurred_at, actor_type, actor_id, action, target_type, target_id,
        request_id, source_address, details, position, prev_hash, hash""";

  private static final String TAKE_HEAD =
      """
      INSERT INTO audit_chain_heads (workspace_id, position, hash) VALUES (:workspace, 0, :genesis)
      ON CONFLICT (workspace_id) DO UPDATE SET position = audit_chain_heads.position
      RETURNING position, hash""";
  private static final String MOVE_HEAD =
      "UPDATE audit_chain_heads SET position = :position, hash = :hash WHERE workspace_id = :workspace";
  private static final String INSERT =
      """
      INSERT INTO audit_events (id, workspace_id, occurred_at, actor_type, actor_id, action,
        target_type, target_id, request_id, source_address, details, position, prev_hash, hash)
      VALUES (:id, :workspace, :occurredAt, :actorType, :actorId, :action,
        :targetType, :targetId, :requestId, :sourceAddress, :details, :position, :prevHash, :hash)""";
  // "position >= :position" is the index range (workspace_id, position) starts at; an OR alone
  // would make both databases scan the workspace from its first event for every batch.
  private static final String CHAIN =
      "SELECT "
          + COLUMNS
          + """
           FROM audit_events
          WHERE workspace_id = :workspace AND position >= :position
            AND (position > :position OR seq > :seq)
          ORDER BY position, seq LIMIT :limit""";
  private static final String HEAD =
      "SELECT position, hash FROM audit_chain_heads WHERE workspace_id = :workspace";
  private static final String UNCHAINED =
      """
      SELECT id FROM audit_events
      WHERE workspace_id = :workspace AND (position IS NULL OR position < 1)
      ORDER BY seq LIMIT 1""";

  static final RowMapper<AuditEvent> MAPPER = (rs, ctx) -> event(rs);

  private final Handle handle;

  SqlAudit(Handle handle) {
    this.handle = handle;
  }

  /**
   * The event of a row selected with {@link #COLUMNS}, read by column index: a verification reads a
   * million rows, and a lookup by name per column showed in its profile.
   */
  static AuditEvent event(ResultSet rs) throws SQLException {
    long occurredAt = rs.getLong(4);
    long position = rs.getLong(13);
    Long chainPosition = rs.wasNull() ? null : position;
    return new AuditEvent(
        rs.getString(2),
        java.time.Instant.ofEpochMilli(occurredAt),
        new AuditEvent.Actor(rs.getString(5), rs.getString(6)),
        rs.getString(7),
        new AuditEvent.Target(rs.getString(8), rs.getString(9)),
        rs.getString(10),
        rs.getString(11),
        Columns.readMapOrThrow(rs.getString(12)),
        rs.getString(3),
        chainPosition,
        rs.getString(14),
        rs.getString(15));
  }

  /**
   * {@code draft} as the link after {@code head}: its details as they will read back from their
   * stored JSON (so that the hash computed now is the one a verifier recomputes), its time in
   * milliseconds as stored.
   */
  static AuditEvent link(String workspaceId, AuditEvent draft, ChainHead head) {
    Map<String, Object> details = Columns.readMap(Columns.json(draft.details()));
    AuditEvent stored =
        new AuditEvent(
                draft.id(),
                java.time.Instant.ofEpochMilli(draft.time().toEpochMilli()),
                draft.actor(),
                draft.action(),
                draft.target(),
                draft.requestId(),
                draft.sourceAddress(),
                details)
            .chained(workspaceId, head.position() + 1, head.hash(), null);
    return stored.chained(workspaceId, stored.position(), head.hash(), AuditChain.hash(stored));
  }

  @Override
  public AuditEvent append(String workspaceId, AuditEvent draft) {
    ChainHead head =
        handle
            .createQuery(TAKE_HEAD)
            .bind("workspace", workspaceId)
            .bind("genesis", AuditChain.GENESIS)
            .map((rs, ctx) -> new ChainHead(rs.getLong("position"), rs.getString("hash")))
            .one();
    AuditEvent event = link(workspaceId, draft, head);
    handle
        .createUpdate(INSERT)
        .bind("id", event.id())
        .bind("workspace", workspaceId)
        .bind("occurredAt", Columns.millis(event.time()))
        .bind("actorType", event.actor().type())
        .bind("actorId", event.actor().id())
        .bind("action", event.action())
        .bind("targetType", event.target().type())
        .bind("targetId", event.target().id())
        .bind("requestId", event.requestId())
        .bind("sourceAddress", event.sourceAddress())
        .bind("details", Columns.json(event.details()))
        .bind("position", event.position())
        .bind("prevHash", event.prevHash())
        .bind("hash", event.hash())
        .execute();
    handle
        .createUpdate(MOVE_HEAD)
        .bind("workspace", workspaceId)
        .bind("position", event.position())
        .bind("hash", event.hash())
        .execute();
    return event;
  }

  @Override
  public Slice<AuditEvent> list(String workspaceId, AuditFilter filter, PageRequest page) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM audit_events WHERE workspace_id = :workspace AND seq < :before");
    filter.actorType().ifPresent(v -> sql.append(" AND actor_type = :actorType"));
    filter.actorId().ifPresent(v -> sql.append(" AND actor_id = :actorId"));
    filter.action().ifPresent(v -> sql.append(" AND action = :action"));
    filter
        .actionPrefix()
        .ifPresent(v -> sql.append(" AND substr(action, 1, :prefixLength) = :actionPrefix"));
    filter.targetType().ifPresent(v -> sql.append(" AND target_type = :targetType"));
    filter.targetId().ifPresent(v -> sql.append(" AND target_id = :targetId"));
    filter.since().ifPresent(v -> sql.append(" AND occurred_at >= :since"));
    filter.until().ifPresent(v -> sql.append(" AND occurred_at < :until"));
    sql.append(" ORDER BY seq DESC LIMIT :limit");
    Query query = handle.createQuery(sql.toString()).bind("workspace", workspaceId);
    filter.actorType().ifPresent(v -> query.bind("actorType", v));
    filter.actorId().ifPresent(v -> query.bind("actorId", v));
    filter.action().ifPresent(v -> query.bind("action", v));
    filter
        .actionPrefix()
        .ifPresent(v -> query.bind("actionPrefix", v).bind("prefixLength", v.length()));
    filter.targetType().ifPresent(v -> query.bind("targetType", v));
    filter.targetId().ifPresent(v -> query.bind("targetId", v));
    filter.since().ifPresent(v -> query.bind("since", Columns.millis(v)));
    filter.until().ifPresent(v -> query.bind("until", Columns.millis(v)));
    return Pages.slice(query, page, MAPPER);
  }

  @Override
  public List<AuditLink> chain(String workspaceId, long afterPosition, long afterSeq, int limit) {
    return handle
        .createQuery(CHAIN)
        .bind("workspace", workspaceId)
        .bind("position", afterPosition)
        .bind("seq", afterSeq)
        .bind("limit", limit)
        .map((rs, ctx) -> new AuditLink(rs.getLong("seq"), event(rs)))
        .list();
  }

  @Override
  public Optional<ChainHead> head(String workspaceId) {
    return handle
        .createQuery(HEAD)
        .bind("workspace", workspaceId)
        .map((rs, ctx) -> new ChainHead(rs.getLong("position"), rs.getString("hash")))
        .findOne();
  }

  @Override
  public Optional<String> firstUnchained(String workspaceId) {
    return handle
        .createQuery(UNCHAINED)
        .bind("workspace", workspaceId)
        .mapTo(String.class)
        .findOne();
  }
}
