package dev.latchkey.store;

import dev.latchkey.core.store.Store;
import java.nio.file.Path;

/** Opens the SQL stores. */
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
}
