package dev.latchkey.store;

import dev.latchkey.core.store.Store;
import java.nio.file.Path;

/** Opens the SQL stores. */
public final class SqlStores {
  private SqlStores() {}

  /**
   * Opens (creating if needed) the SQLite database at {@code file} in WAL mode and migrates it to
   * the current schema.
   */
  public static Store openSqlite(Path file) {
    throw new UnsupportedOperationException("not written yet");
  }
}
