package dev.latchkey.store;

import dev.latchkey.core.store.Store;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage contract on a real SQLite file; the second "node" is a second store on the same file,
 * as a second process would open it (a server never does: its data directory is locked).
 */
class SqliteUsageTest extends UsageContract {
  @TempDir Path dir;
  private final AtomicInteger opened = new AtomicInteger();
  private Path file;

  @Override
  protected Store openStore() {
    file = dir.resolve("usage-" + opened.incrementAndGet() + ".db");
    return SqlStores.openSqlite(file);
  }

  @Override
  protected Store openAnotherNode() {
    return SqlStores.openSqlite(file);
  }
}
