package dev.latchkey.store;

import dev.latchkey.core.store.IdempotencyRecord;
import dev.latchkey.core.store.IdempotencyRepository;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

final class SqlIdempotency implements IdempotencyRepository {
  private static final String FIND =
      """
      SELECT workspace_id, scope, idem_key, fingerprint, status, sealed_response, created_at
      FROM idempotency
      WHERE workspace_id = :workspace AND scope = :scope AND idem_key = :key""";
  private static final String INSERT =
      """
      INSERT INTO idempotency (workspace_id, scope, idem_key, fingerprint, status,
        sealed_response, created_at)
      VALUES (:workspace, :scope, :key, :fingerprint, :status, :sealedResponse, :createdAt)""";
  private static final String DELETE_OLDER = "DELETE FROM idempotency WHERE created_at < :cutoff";

  private final Handle handle;
  private final Dialect dialect;

  SqlIdempotency(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public Optional<IdempotencyRecord> find(String workspaceId, String scope, String key) {
    return handle
        .createQuery(FIND)
        .bind("workspace", workspaceId)
        .bind("scope", scope)
        .bind("key", key)
        .map(
            (rs, ctx) ->
                new IdempotencyRecord(
                    rs.getString("workspace_id"),
                    rs.getString("scope"),
                    rs.getString("idem_key"),
                    rs.getBytes("fingerprint"),
                    rs.getInt("status"),
                    rs.getBytes("sealed_response"),
                    Columns.instant(rs, "created_at")))
        .findOne();
  }

  @Override
  public void insert(IdempotencyRecord record) {
    Duplicates.guard(
        dialect,
        "idempotency_key",
        () ->
            handle
                .createUpdate(INSERT)
                .bind("workspace", record.workspaceId())
                .bind("scope", record.scope())
                .bind("key", record.idempotencyKey())
                .bind("fingerprint", record.fingerprint())
                .bind("status", record.status())
                .bind("sealedResponse", record.sealedResponse())
                .bind("createdAt", Columns.millis(record.createdAt()))
                .execute());
  }

  @Override
  public int deleteOlderThan(Instant cutoff) {
    return handle.createUpdate(DELETE_OLDER).bind("cutoff", Columns.millis(cutoff)).execute();
  }
}
