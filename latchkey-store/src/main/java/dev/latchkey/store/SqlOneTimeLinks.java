package dev.latchkey.store;

import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.store.OneTimeLinkRepository;
import dev.latchkey.core.store.OneTimeLinkRow;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * One-time links. {@link #take} is one conditional update: of two fetches racing on PostgreSQL the
 * second waits for the first's row lock, then finds the link fetched and changes nothing.
 */
final class SqlOneTimeLinks implements OneTimeLinkRepository {
  private static final String INSERT =
      """
      INSERT INTO one_time_links (id, workspace_id, key_id, token_digest, sealed_secret,
        expires_at, created_at)
      VALUES (:id, :workspace, :key, :token, :secret, :expiresAt, :createdAt)""";
  private static final String FIND =
      """
      SELECT id, workspace_id, key_id, token_digest, sealed_secret, expires_at, created_at,
        fetched_at, fetched_from
      FROM one_time_links WHERE token_digest = :token""";
  private static final String TAKE =
      """
      UPDATE one_time_links SET sealed_secret = NULL, fetched_at = :now, fetched_from = :from
      WHERE id = :id AND fetched_at IS NULL AND expires_at > :now""";
  private static final String FORGET =
      """
      UPDATE one_time_links SET sealed_secret = NULL
      WHERE expires_at <= :now AND sealed_secret IS NOT NULL""";

  private final Handle handle;

  SqlOneTimeLinks(Handle handle) {
    this.handle = handle;
  }

  @Override
  public void insert(OneTimeLinkRow l) {
    handle
        .createUpdate(INSERT)
        .bind("id", l.id())
        .bind("workspace", l.workspaceId())
        .bind("key", l.keyId())
        .bind("token", l.tokenDigest().toBytes())
        .bind("secret", l.sealedSecret())
        .bind("expiresAt", Columns.millis(l.expiresAt()))
        .bind("createdAt", Columns.millis(l.createdAt()))
        .execute();
  }

  @Override
  public Optional<OneTimeLinkRow> findByToken(Digest tokenDigest) {
    return handle
        .createQuery(FIND)
        .bind("token", tokenDigest.toBytes())
        .map(
            (rs, ctx) ->
                new OneTimeLinkRow(
                    rs.getString("id"),
                    rs.getString("workspace_id"),
                    rs.getString("key_id"),
                    Digest.ofBytes(rs.getBytes("token_digest")),
                    rs.getString("sealed_secret"),
                    Columns.instant(rs, "expires_at"),
                    Columns.instant(rs, "created_at"),
                    Columns.instant(rs, "fetched_at"),
                    rs.getString("fetched_from")))
        .findOne();
  }

  @Override
  public boolean take(String id, Instant now, String fetchedFrom) {
    return handle
            .createUpdate(TAKE)
            .bind("id", id)
            .bind("now", Columns.millis(now))
            .bind("from", fetchedFrom)
            .execute()
        == 1;
  }

  @Override
  public int forgetExpired(Instant now) {
    return handle.createUpdate(FORGET).bind("now", Columns.millis(now)).execute();
  }
}
