package dev.latchkey.store;

import dev.latchkey.core.store.Store;
import dev.latchkey.store.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The usage contract on the real PostgreSQL, in a schema of this class's own; every test starts
 * from emptied tables. The second node is a second store (its own pools) on the same schema.
 */
class PostgresUsageTest extends UsageContract {
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

  @Override
  protected Store openAnotherNode() {
    return SqlStores.openPostgres(database.url());
  }
}
