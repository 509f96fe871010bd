package dev.latchkey.store;

import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.RotationRepository;
import dev.latchkey.core.store.RotationRow;
import dev.latchkey.core.store.Slice;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

/**
 * Rotations and their leases, claimed the way webhook deliveries are (see {@link SqlWebhooks}):
 * selected with {@code FOR UPDATE SKIP LOCKED} on PostgreSQL, then leased by a conditional update
 * that repeats the "not leased now" test. Every later write names the node holding the lease.
 */
final class SqlRotations implements RotationRepository {
  private static final String COLUMNS =
      "seq, id, workspace_id, key_id, reason, status, sink_id, grace_period_ms, attempts,"
          + " next_attempt_at, pending_digest, last_error, location, created_at, updated_at,"
          + " completed_at";
  private static final String INSERT =
      """
      INSERT INTO rotations (id, workspace_id, key_id, reason, status, sink_id, grace_period_ms,
        attempts, next_attempt_at, created_at, updated_at)
      VALUES (:id, :workspace, :key, :reason, :status, :sink, :grace, :attempts, :next,
        :createdAt, :updatedAt)""";
  private static final String DUE =
      """
      SELECT id FROM rotations
      WHERE status = 'pending' AND next_attempt_at <= :now
        AND (claim_expires_at IS NULL OR claim_expires_at <= :now)
      ORDER BY next_attempt_at LIMIT :limit""";
  private static final String LEASE =
      """
      UPDATE rotations SET claimed_by = :node, claim_expires_at = :until
      WHERE id = :id AND status = 'pending'
        AND (claim_expires_at IS NULL OR claim_expires_at <= :now)""";

  /** Only the node holding an unexpired lease on a pending rotation may write it. */
  private static final String HELD =
      " WHERE id = :id AND status = 'pending' AND claimed_by = :node AND claim_expires_at > :now";

  private static final String BEGIN =
      """
      UPDATE rotations SET pending_digest = :digest, attempts = :attempts, updated_at = :now,
        claim_expires_at = :until"""
          + HELD;
  private static final String COMPLETE =
      """
      UPDATE rotations SET status = 'done', pending_digest = NULL, location = :location,
        last_error = NULL, claimed_by = NULL, claim_expires_at = NULL, updated_at = :now,
        completed_at = :now"""
          + HELD;
  private static final String FAIL =
      """
      UPDATE rotations SET pending_digest = NULL, last_error = :error, next_attempt_at = :next,
        claimed_by = NULL, claim_expires_at = NULL, updated_at = :now"""
          + HELD;
  private static final String CANCEL =
      """
      UPDATE rotations SET status = 'cancelled', pending_digest = NULL, last_error = :error,
        claimed_by = NULL, claim_expires_at = NULL, updated_at = :now, completed_at = :now"""
          + HELD;

  private static final RowMapper<RotationRow> MAPPER =
      (rs, ctx) -> {
        byte[] digest = rs.getBytes("pending_digest");
        return new RotationRow(
            rs.getString("id"),
            rs.getString("workspace_id"),
            rs.getString("key_id"),
            rs.getString("reason"),
            rs.getString("status"),
            rs.getString("sink_id"),
            Duration.ofMillis(rs.getLong("grace_period_ms")),
            rs.getInt("attempts"),
            Columns.instant(rs, "next_attempt_at"),
            digest == null ? null : Digest.ofBytes(digest),
            rs.getString("last_error"),
            rs.getString("location"),
            Columns.instant(rs, "created_at"),
            Columns.instant(rs, "updated_at"),
            Columns.instant(rs, "completed_at"));
      };

  private final Handle handle;
  private final Dialect dialect;

  SqlRotations(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public void insert(RotationRow r) {
    Duplicates.guard(
        dialect,
        "key_id",
        () ->
            handle
                .createUpdate(INSERT)
                .bind("id", r.id())
                .bind("workspace", r.workspaceId())
                .bind("key", r.keyId())
                .bind("reason", r.reason())
                .bind("status", r.status())
                .bind("sink", r.sinkId())
                .bind("grace", r.gracePeriod().toMillis())
                .bind("attempts", r.attempts())
                .bind("next", Columns.millis(r.nextAttemptAt()))
                .bind("createdAt", Columns.millis(r.createdAt()))
                .bind("updatedAt", Columns.millis(r.updatedAt()))
                .execute());
  }

  @Override
  public Optional<RotationRow> find(String workspaceId, String id) {
    return one("workspace_id = :workspace AND id = :id", workspaceId, id);
  }

  @Override
  public Optional<RotationRow> pendingOf(String workspaceId, String keyId) {
    return one(
        "workspace_id = :workspace AND key_id = :id AND status = 'pending'", workspaceId, keyId);
  }

  private Optional<RotationRow> one(String where, String workspaceId, String id) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM rotations WHERE " + where)
        .bind("workspace", workspaceId)
        .bind("id", id)
        .map(MAPPER)
        .findOne();
  }

  @Override
  public Slice<RotationRow> ofKey(String workspaceId, String keyId, PageRequest page) {
    return Pages.slice(
        handle
            .createQuery(
                "SELECT "
                    + COLUMNS
                    + " FROM rotations WHERE workspace_id = :workspace AND key_id = :key"
                    + " AND seq < :before ORDER BY seq DESC LIMIT :limit")
            .bind("workspace", workspaceId)
            .bind("key", keyId),
        page,
        MAPPER);
  }

  @Override
  public List<RotationRow> claimDue(String node, Instant now, Instant leaseUntil, int limit) {
    String lock = dialect == Dialect.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
    List<String> due =
        handle
            .createQuery(DUE + lock)
            .bind("now", Columns.millis(now))
            .bind("limit", limit)
            .mapTo(String.class)
            .list();
    List<RotationRow> claimed = new ArrayList<>();
    for (String id : due) {
      if (claim(id, node, now, leaseUntil)) {
        handle
            .createQuery("SELECT " + COLUMNS + " FROM rotations WHERE id = :id")
            .bind("id", id)
            .map(MAPPER)
            .findOne()
            .ifPresent(claimed::add);
      }
    }
    return claimed;
  }

  @Override
  public boolean claim(String id, String node, Instant now, Instant leaseUntil) {
    return handle
            .createUpdate(LEASE)
            .bind("node", node)
            .bind("until", Columns.millis(leaseUntil))
            .bind("now", Columns.millis(now))
            .bind("id", id)
            .execute()
        == 1;
  }

  @Override
  public boolean begin(
      String id, String node, Digest pendingDigest, int attempts, Instant now, Instant leaseUntil) {
    return whileHeld(
        BEGIN,
        id,
        node,
        now,
        u ->
            u.bind("digest", pendingDigest.toBytes())
                .bind("attempts", attempts)
                .bind("until", Columns.millis(leaseUntil)));
  }

  @Override
  public boolean complete(String id, String node, String location, Instant now) {
    return whileHeld(COMPLETE, id, node, now, u -> u.bind("location", location));
  }

  @Override
  public boolean fail(String id, String node, String error, Instant nextAttemptAt, Instant now) {
    return whileHeld(
        FAIL,
        id,
        node,
        now,
        u -> u.bind("error", error).bind("next", Columns.millis(nextAttemptAt)));
  }

  @Override
  public boolean cancel(String id, String node, String reason, Instant now) {
    return whileHeld(CANCEL, id, node, now, u -> u.bind("error", reason));
  }

  /** Runs one of the updates that end in {@link #HELD}; false when the lease is not held. */
  private boolean whileHeld(
      String sql, String id, String node, Instant now, UnaryOperator<Update> binds) {
    return binds
            .apply(
                handle
                    .createUpdate(sql)
                    .bind("id", id)
                    .bind("node", node)
                    .bind("now", Columns.millis(now)))
            .execute()
        == 1;
  }
}
