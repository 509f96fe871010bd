package dev.latchkey.store;

import dev.latchkey.core.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The alert and webhook store contract on a real SQLite file. */
class SqliteAlertStoreTest extends AlertStoreContract {
  @TempDir Path dir;

  @Override
  protected Store openStore() {
    return SqlStores.openSqlite(dir.resolve("alerts.db"));
  }
}
