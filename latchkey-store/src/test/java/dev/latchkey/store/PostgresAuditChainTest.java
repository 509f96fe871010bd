package dev.latchkey.store;

import dev.latchkey.core.store.Store;
import dev.latchkey.store.testing.PostgresTestDatabase;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.postgresql.ds.PGSimpleDataSource;

/** The audit chain contract on the real PostgreSQL, in a schema of each test's own. */
class PostgresAuditChainTest extends AuditChainContract {
  private PostgresTestDatabase database;

  @AfterEach
  void dropSchema() {
    closeStores();
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected Store openStore() {
    database = PostgresTestDatabase.create();
    return SqlStores.openPostgres(database.url());
  }

  @Override
  protected Store openAnotherNode() {
    return SqlStores.openPostgres(database.url());
  }

  @Override
  protected void sql(String statement) {
    database.execute(statement);
  }

  @Override
  protected Store openMigratedFromVersion4(List<String> statements) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(database.url());
    database.execute("DROP SCHEMA " + database.schema() + " CASCADE");
    database.execute("CREATE SCHEMA " + database.schema());
    Flyway.configure(getClass().getClassLoader())
        .dataSource(source)
        .schemas(database.schema())
        .locations(Dialect.POSTGRES.migrations())
        .target("4")
        .load()
        .migrate();
    statements.forEach(this::sql);
    return SqlStores.openPostgres(database.url());
  }
}
