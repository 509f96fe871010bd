package dev.latchkey.store;

import dev.latchkey.core.store.Change;
import dev.latchkey.core.store.ChangeRepository;
import dev.latchkey.core.store.FeedEntry;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

final class SqlChanges implements ChangeRepository {
  private static final String APPEND_INTO =
      "INSERT INTO changes (workspace_id, entity_type, entity_id, kind, changed_at) ";
  private static final String APPEND_VALUES =
      ":workspace, :entityType, :entityId, :kind, :changedAt";
  private static final String LAST_SEQ = "SELECT COALESCE(MAX(seq), 0) FROM changes";
  private static final String FIRST_SEQ = "SELECT MIN(seq) FROM changes";
  private static final String COLUMNS =
      "SELECT seq, workspace_id, entity_type, entity_id, kind, changed_at FROM changes ";
  private static final String AFTER = COLUMNS + "WHERE seq > :after ORDER BY seq LIMIT :limit";
  private static final String AFTER_IN_WORKSPACE =
      COLUMNS + "WHERE workspace_id = :workspace AND seq > :after ORDER BY seq LIMIT :limit";

  /**
   * A prefix of the feed: everything up to the newest record older than the cutoff (times are taken
   * on each node's clock at the start of its mutation, so they are not quite in seq order; deleting
   * by time alone could leave holes a follower cannot see), never the newest record.
   */
  private static final String DELETE_OLDER =
      """
      DELETE FROM changes
      WHERE seq <= (SELECT MAX(seq) FROM changes WHERE changed_at < :cutoff)
        AND seq < (SELECT MAX(seq) FROM changes)""";

  private static final RowMapper<FeedEntry> ENTRY =
      (rs, ctx) ->
          new FeedEntry(
              rs.getLong("seq"),
              new Change(
                  rs.getString("workspace_id"),
                  rs.getString("entity_type"),
                  rs.getString("entity_id"),
                  rs.getString("kind"),
                  Columns.instant(rs, "changed_at")));

  private final Handle handle;
  private final Dialect dialect;
  private final Runnable appended;

  /**
   * @param appended told of every append, so the store can wake followers after the commit
   */
  SqlChanges(Handle handle, Dialect dialect, Runnable appended) {
    this.handle = handle;
    this.dialect = dialect;
    this.appended = appended;
  }

  @Override
  public long append(Change change) {
    long seq =
        handle
            .createQuery(dialect.appendChange(APPEND_INTO, APPEND_VALUES))
            .bind("workspace", change.workspaceId())
            .bind("entityType", change.entityType())
            .bind("entityId", change.entityId())
            .bind("kind", change.kind())
            .bind("changedAt", Columns.millis(change.at()))
            .map((rs, ctx) -> rs.getLong(1))
            .one();
    appended.run();
    return seq;
  }

  @Override
  public long lastSeq() {
    return handle.createQuery(LAST_SEQ).mapTo(Long.class).one();
  }

  @Override
  public OptionalLong firstSeq() {
    Long first = handle.createQuery(FIRST_SEQ).mapTo(Long.class).one();
    return first == null ? OptionalLong.empty() : OptionalLong.of(first);
  }

  @Override
  public List<FeedEntry> after(long after, int limit) {
    return handle.createQuery(AFTER).bind("after", after).bind("limit", limit).map(ENTRY).list();
  }

  @Override
  public List<FeedEntry> after(String workspaceId, long after, int limit) {
    return handle
        .createQuery(AFTER_IN_WORKSPACE)
        .bind("workspace", workspaceId)
        .bind("after", after)
        .bind("limit", limit)
        .map(ENTRY)
        .list();
  }

  @Override
  public int deleteOlderThan(Instant cutoff) {
    return handle.createUpdate(DELETE_OLDER).bind("cutoff", Columns.millis(cutoff)).execute();
  }
}
