package dev.latchkey.store;

import dev.latchkey.core.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The sealed-values contract on a real SQLite file. */
class SqliteSealedValuesTest extends SealedValuesContract {
  @TempDir Path dir;

  @Override
  protected Store openStore() {
    return SqlStores.openSqlite(dir.resolve("sealed.db"));
  }
}
