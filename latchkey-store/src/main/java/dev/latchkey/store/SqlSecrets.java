package dev.latchkey.store;

import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.store.SecretRepository;
import dev.latchkey.core.store.SecretRow;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

final class SqlSecrets implements SecretRepository {
  private static final String INSERT =
      """
      INSERT INTO secrets (workspace_id, digest, owner_id, start, created_at, retires_at)
      VALUES (:workspace, :digest, :owner, :start, :createdAt, :retiresAt)""";
  private static final String OF_OWNER =
      """
      SELECT workspace_id, digest, owner_id, start, created_at, retires_at FROM secrets
      WHERE workspace_id = :workspace AND owner_id = :owner ORDER BY seq DESC""";
  private static final String RETIRE =
      "UPDATE secrets SET retires_at = :retiresAt WHERE workspace_id = :workspace AND digest = :digest";

  private static final String DELETE =
      "DELETE FROM secrets WHERE workspace_id = :workspace AND digest = :digest";

  private final Handle handle;
  private final Dialect dialect;

  SqlSecrets(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public void insert(SecretRow secret) {
    Duplicates.guard(
        dialect,
        "digest",
        () ->
            handle
                .createUpdate(INSERT)
                .bind("workspace", secret.workspaceId())
                .bind("digest", secret.digest().toBytes())
                .bind("owner", secret.ownerId())
                .bind("start", secret.start())
                .bind("createdAt", Columns.millis(secret.createdAt()))
                .bind("retiresAt", Columns.millis(secret.retiresAt()))
                .execute());
  }

  @Override
  public List<SecretRow> ofOwner(String workspaceId, String ownerId) {
    return handle
        .createQuery(OF_OWNER)
        .bind("workspace", workspaceId)
        .bind("owner", ownerId)
        .map(
            (rs, ctx) ->
                new SecretRow(
                    rs.getString("workspace_id"),
                    Digest.ofBytes(rs.getBytes("digest")),
                    rs.getString("owner_id"),
                    rs.getString("start"),
                    Columns.instant(rs, "created_at"),
                    Columns.instant(rs, "retires_at")))
        .list();
  }

  @Override
  public void retire(String workspaceId, Digest digest, Instant retiresAt) {
    handle
        .createUpdate(RETIRE)
        .bind("workspace", workspaceId)
        .bind("digest", digest.toBytes())
        .bind("retiresAt", Columns.millis(retiresAt))
        .execute();
  }

  @Override
  public void delete(String workspaceId, Digest digest) {
    handle
        .createUpdate(DELETE)
        .bind("workspace", workspaceId)
        .bind("digest", digest.toBytes())
        .execute();
  }
}
