package dev.latchkey.store;

import dev.latchkey.core.store.Store;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sealed-values contract on the real PostgreSQL. */
class PostgresSealedValuesTest extends SealedValuesContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Override
  protected Store openStore() {
    return SCHEMA.openEmptied();
  }
}
