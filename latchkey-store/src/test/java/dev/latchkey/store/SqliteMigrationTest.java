package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.limit.Balance;
import dev.latchkey.core.limit.Refill;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** Migrations that move data, from the version before them, on a real SQLite file. */
class SqliteMigrationTest {
  @TempDir Path dir;

  @Test
  void v4_storesEachBalancesRefillPolicy_copiedFromItsOwner() throws SQLException {
    Path file = dir.resolve("latchkey.db");
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + file);
    Flyway.configure(getClass().getClassLoader())
        .dataSource(source)
        .locations(Dialect.SQLITE.migrations())
        .target("3")
        .load()
        .migrate();
    try (Connection c = source.getConnection();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO workspaces (id, name, created_at) VALUES ('ws_1', 'w', 0)");
      s.execute(
          "INSERT INTO services (id, workspace_id, name, prefix, created_at, updated_at)"
              + " VALUES ('svc_1', 'ws_1', 's', 's', 0, 0)");
      s.execute(
          "INSERT INTO consumers (id, workspace_id, name, created_at, updated_at, credits)"
              + " VALUES ('con_1', 'ws_1', 'c', 0, 0,"
              + " '{\"refill\":{\"amount\":100,\"day_of_month\":1}}')");
      s.execute(
          "INSERT INTO keys (id, workspace_id, service_id, consumer_id, meta, enabled,"
              + " created_at, updated_at, start, credits)"
              + " VALUES ('key_1', 'ws_1', 'svc_1', 'con_1', '{}', 1, 0, 0, 's_abc',"
              + " '{\"refill\":{\"amount\":5,\"interval\":\"P1D\"}}')");
      s.execute(
          "INSERT INTO keys (id, workspace_id, service_id, meta, enabled, created_at,"
              + " updated_at, start, credits)"
              + " VALUES ('key_2', 'ws_1', 'svc_1', '{}', 1, 0, 0, 's_def', '{}')");
      s.execute(
          "INSERT INTO credit_balances (workspace_id, owner_id, remaining, refilled_at) VALUES"
              + " ('ws_1', 'key_1', 1, 0), ('ws_1', 'con_1', 2, 0), ('ws_1', 'key_2', 3, 0)");
    }

    try (Store store = SqlStores.openSqlite(file)) {
      assertThat(store.read((Tx tx) -> tx.credits().find("ws_1", "key_1")))
          .contains(new Balance(1, Instant.EPOCH, new Refill(5, Duration.ofDays(1), null)));
      assertThat(store.read((Tx tx) -> tx.credits().find("ws_1", "con_1")))
          .contains(new Balance(2, Instant.EPOCH, new Refill(100, null, 1)));
      assertThat(store.read((Tx tx) -> tx.credits().find("ws_1", "key_2")))
          .contains(new Balance(3, Instant.EPOCH, null));
    }
  }
}
