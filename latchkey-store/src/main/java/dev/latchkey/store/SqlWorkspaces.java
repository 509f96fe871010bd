package dev.latchkey.store;

import dev.latchkey.core.store.WorkspaceRepository;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

final class SqlWorkspaces implements WorkspaceRepository {
  private static final String FIRST = "SELECT id FROM workspaces ORDER BY seq LIMIT 1";
  private static final String INSERT =
      "INSERT INTO workspaces (id, name, created_at) VALUES (:id, :name, :createdAt)";

  private static final String CLAIM = "INSERT INTO bootstrap (id, claimed_at) VALUES (1, :at)";

  private final Handle handle;
  private final Dialect dialect;

  SqlWorkspaces(Handle handle, Dialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public void claimBootstrap(Instant at) {
    Duplicates.guard(
        dialect,
        "bootstrap",
        () -> handle.createUpdate(CLAIM).bind("at", Columns.millis(at)).execute());
  }

  @Override
  public Optional<String> firstId() {
    return handle.createQuery(FIRST).mapTo(String.class).findOne();
  }

  @Override
  public void insert(String id, String name, Instant createdAt) {
    handle
        .createUpdate(INSERT)
        .bind("id", id)
        .bind("name", name)
        .bind("createdAt", Columns.millis(createdAt))
        .execute();
  }
}
