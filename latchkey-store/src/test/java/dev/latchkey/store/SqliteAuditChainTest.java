package dev.latchkey.store;

import dev.latchkey.core.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The audit chain contract on a real SQLite file. */
class SqliteAuditChainTest extends AuditChainContract {
  @TempDir Path dir;
  private final AtomicInteger opened = new AtomicInteger();
  private Path file;

  @Override
  protected Store openStore() {
    file = dir.resolve("store-" + opened.incrementAndGet() + ".db");
    return SqlStores.openSqlite(file);
  }

  @Override
  protected Store openAnotherNode() {
    return SqlStores.openSqlite(file);
  }

  @Override
  protected void sql(String statement) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }

  @Override
  protected Store openMigratedFromVersion4(List<String> statements) {
    file = dir.resolve("old-" + opened.incrementAndGet() + ".db");
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + file);
    Flyway.configure(getClass().getClassLoader())
        .dataSource(source)
        .locations(Dialect.SQLITE.migrations())
        .target("4")
        .load()
        .migrate();
    statements.forEach(this::sql);
    return SqlStores.openSqlite(file);
  }
}
