package dev.latchkey.store;

import dev.latchkey.core.store.Store;
import dev.latchkey.store.testing.PostgresTestDatabase;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A schema of one test class's own for a store contract run on the real PostgreSQL: created before
 * the class's tests, dropped after them. Register it as a static field with {@code
 * RegisterExtension}.
 */
final class PostgresSchema implements BeforeAllCallback, AfterAllCallback {
  private PostgresTestDatabase database;
  private Class<?> owner;

  // JUnit calls these for the registering class and again for each of its @Nested classes: the
  // schema is made once, by the first, and dropped when that class is done.
  @Override
  public void beforeAll(ExtensionContext context) {
    if (database == null) {
      database = PostgresTestDatabase.create();
      owner = context.getRequiredTestClass();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (database != null && context.getRequiredTestClass() == owner) {
      database.close();
      database = null;
    }
  }

  /** A store on the schema (migrated on the first), its tables emptied: each test starts clean. */
  Store openEmptied() {
    Store opened = SqlStores.openPostgres(database.url());
    database.truncateAll();
    return opened;
  }

  /** Another node's store (its own pools) on the same schema, tables as they are. */
  Store openAnotherNode() {
    return SqlStores.openPostgres(database.url());
  }
}
