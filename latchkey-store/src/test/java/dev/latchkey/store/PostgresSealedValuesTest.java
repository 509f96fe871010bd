package dev.latchkey.store;

import dev.latchkey.core.store.Store;
import dev.latchkey.store.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The sealed-values contract on the real PostgreSQL. */
class PostgresSealedValuesTest extends SealedValuesContract {
  private static PostgresTestDatabase database;

  @BeforeAll
  static void createSchema() {
    database = PostgresTestDatabase.create();
  }

  @AfterAll
  static void dropSchema() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected Store openStore() {
    Store opened = SqlStores.openPostgres(database.url());
    database.truncateAll();
    return opened;
  }
}
