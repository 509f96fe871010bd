package dev.latchkey.store;

import com.zaxxer.hikari.HikariDataSource;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A connection pool and the Jdbi over it. Transactions are begun and ended in SQL on auto-commit
 * connections (see the package doc for why not through the driver).
 */
final class Pool implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  Pool(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
  }

  /**
   * Begins with {@code begin}, runs {@code work}, commits; on any exception rolls back and rethrows
   * it unchanged.
   */
  <T> T inTransaction(String begin, Function<Handle, T> work) {
    return jdbi.withHandle(
        handle -> {
          handle.execute(begin);
          T result;
          try {
            result = work.apply(handle);
            handle.execute("COMMIT");
          } catch (RuntimeException | Error e) {
            rollback(handle, e);
            throw e;
          }
          return result;
        });
  }

  /** Runs {@code work} on a connection in auto-commit mode: each statement on its own. */
  <T> T withHandle(Function<Handle, T> work) {
    return jdbi.withHandle(work::apply);
  }

  private void rollback(Handle handle, Throwable cause) {
    try {
      handle.execute("ROLLBACK");
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      // The connection may still be inside the transaction: never hand it out again.
      dataSource.evictConnection(handle.getConnection());
    }
  }

  boolean isClosed() {
    return dataSource.isClosed();
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
