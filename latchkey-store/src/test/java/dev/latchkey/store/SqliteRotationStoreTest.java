package dev.latchkey.store;

import dev.latchkey.core.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The rotation store contract on a real SQLite file. */
class SqliteRotationStoreTest extends RotationStoreContract {
  @TempDir Path dir;

  @Override
  protected Store openStore() {
    return SqlStores.openSqlite(dir.resolve("rotation.db"));
  }
}
