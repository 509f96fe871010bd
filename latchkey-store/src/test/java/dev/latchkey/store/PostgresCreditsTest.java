package dev.latchkey.store;

import dev.latchkey.core.store.Store;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The credit contract on the real PostgreSQL, in a schema of this class's own; every test starts
 * from emptied tables. The second node is a second store (its own pools) on the same schema.
 */
class PostgresCreditsTest extends CreditContract {
  @RegisterExtension static final PostgresSchema SCHEMA = new PostgresSchema();

  @Override
  protected Store openStore() {
    return SCHEMA.openEmptied();
  }

  @Override
  protected Store openAnotherNode() {
    return SCHEMA.openAnotherNode();
  }
}
