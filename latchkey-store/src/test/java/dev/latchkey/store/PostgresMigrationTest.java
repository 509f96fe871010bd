package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import dev.latchkey.store.testing.PostgresTestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Flyway on PostgreSQL: nodes starting together on one empty schema migrate it exactly once. */
class PostgresMigrationTest {
  private PostgresTestDatabase database;
  private final List<Store> stores = new ArrayList<>();

  @BeforeEach
  void emptySchema() {
    database = PostgresTestDatabase.create();
  }

  @AfterEach
  void dropSchema() {
    stores.forEach(Store::close);
    if (database != null) {
      database.close();
    }
  }

  @Test
  void threeNodesStartingTogetherOnAnEmptySchema_allOpen_andMigrateOnce() throws Exception {
    int nodes = 3;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(nodes);
    try {
      List<Future<Store>> opening = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        opening.add(
            threads.submit(
                () -> {
                  start.await();
                  return SqlStores.openPostgres(database.url());
                }));
      }
      start.countDown();
      for (Future<Store> f : opening) {
        stores.add(f.get(60, TimeUnit.SECONDS)); // rethrows a node's failure to open
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(database.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version = '1'"))
        .isEqualTo(1);
    assertThat(database.queryLong("SELECT count(*) FROM flyway_schema_history WHERE NOT success"))
        .isZero();
    String ws = "ws_" + "a".repeat(24);
    Fixtures.write(stores.get(0), tx -> tx.workspaces().insert(ws, "w", Fixtures.T0));
    for (Store s : stores) {
      assertThat(s.read((Tx tx) -> tx.workspaces().firstId())).contains(ws);
    }
  }

  @Test
  void reopening_migratesNothingNew() {
    stores.add(SqlStores.openPostgres(database.url()));
    long before = database.queryLong("SELECT count(*) FROM flyway_schema_history");

    stores.add(SqlStores.openPostgres(database.url()));

    assertThat(database.queryLong("SELECT count(*) FROM flyway_schema_history"))
        .isEqualTo(before)
        .isEqualTo(11); // V1 to V9, the Java migration 5.1, and V11 (V10 was never needed)
  }

  @Test
  void schemaNamedInTheUrl_isCreatedWhenMissing_andHoldsTheTables() {
    String missing = database.schema() + "_new";
    String url = database.url().replace(database.schema(), missing);
    try {
      try (Store s = SqlStores.openPostgres(url)) {
        assertThat(s.read((Tx tx) -> tx.changes().lastSeq())).isZero();
      }

      assertThat(
              database.queryLong(
                  "SELECT count(*) FROM pg_tables WHERE schemaname = '"
                      + missing
                      + "' AND tablename IN ('keys', 'changes', 'flyway_schema_history')"))
          .isEqualTo(3);
      assertThat(
              database.queryLong(
                  "SELECT count(*) FROM pg_tables WHERE schemaname = '" + database.schema() + "'"))
          .as("nothing was created in the connection's other schemas")
          .isZero();
    } finally {
      database.execute("DROP SCHEMA IF EXISTS " + missing + " CASCADE");
    }
  }
}
