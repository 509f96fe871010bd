package dev.latchkey.store;

import dev.latchkey.core.store.Store;
import java.nio.file.Path;

/** Opens the SQL stores: an embedded SQLite file, or a PostgreSQL database shared by nodes. */
public final class SqlStores {
  private SqlStores() {}

  /**
   * Opens (creating if needed) the SQLite database at {@code file} in WAL mode and migrates it to
   * the current schema. The parent directory is created if missing.
   *
   * <p>The store is thread-safe. Writes are serialised on one connection and begin with {@code
   * BEGIN IMMEDIATE}, so concurrent writers wait for each other instead of failing; reads run
   * concurrently on read-only connections and see the last committed state. Close it to release the
   * file.
   *
   * @throws dev.latchkey.core.store.StoreException when the file cannot be opened or migrated
   */
  public static Store openSqlite(Path file) {
    return Sqlite.open(file);
  }

  /**
   * Opens the PostgreSQL database at {@code url} and migrates it to the current schema; nodes that
   * start together on one database migrate it once (Flyway holds an advisory lock meanwhile).
   *
   * <p>{@code url} takes either form:
   *
   * <ul>
   *   <li>libpq's, as {@code psql} takes it: {@code
   *       postgresql://user:password@host:5432/latchkey?sslmode=require} ({@code postgres://} too;
   *       user and password percent-encoded; {@code application_name} and {@code connect_timeout}
   *       are understood, other parameters are passed to pgjdbc as they are);
   *   <li>pgjdbc's: {@code jdbc:postgresql://host:5432/latchkey?user=latchkey&password=…}.
   * </ul>
   *
   * A {@code currentSchema} parameter puts the store in that schema (the first one named), which is
   * created when missing; without it the store uses the user's default ({@code public}). Defaults,
   * each overridden by the URL's own parameter: {@code connectTimeout=3}, {@code socketTimeout=30},
   * {@code tcpKeepAlive=true}, {@code ApplicationName=latchkey}.
   *
   * <p>The store is thread-safe. Up to 8 write transactions of this process run at once; they lock
   * the rows they rewrite, and only the append of a change record (to commit) runs one at a time
   * across all nodes; reads run on a separate pool of 8 connections, each in one snapshot. One more
   * connection answers {@link Store#isReachable} within about a second, and one listens for other
   * nodes' commits ({@code LISTEN}), waking {@link Store#onChangesCommitted} listeners. While the
   * database is down, calls fail with {@link dev.latchkey.core.store.StoreException} after at most
   * 3 s of waiting for a connection; when it returns the store recovers by itself. No exception
   * message repeats the URL.
   *
   * @throws dev.latchkey.core.store.StoreException when the URL is not a PostgreSQL URL, or the
   *     database cannot be reached or migrated
   */
  public static Store openPostgres(String url) {
    return Postgres.open(url, java.util.Optional.empty());
  }

  /**
   * As {@link #openPostgres(String)}, with the password apart from the URL (overriding any the URL
   * holds): {@code password} is asked each time a connection is opened, so that after the password
   * is rotated (the server's {@code --database-password} reference refreshed) new connections use
   * the new one while open connections carry on. {@code password} must be fast and thread-safe; it
   * is called on the pool's threads.
   */
  public static Store openPostgres(
      String url, java.util.function.Supplier<dev.latchkey.core.provider.ServerSecret> password) {
    return Postgres.open(url, java.util.Optional.of(password));
  }
}
