package dev.latchkey.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.function.Function;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * A connection pool and the Jdbi over it. Transactions are begun and ended in SQL on auto-commit
 * connections (see the package doc for why not through the driver).
 */
final class Pool implements AutoCloseable {
  private static final int ATTEMPTS = 3;

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  Pool(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
  }

  /**
   * Begins with {@code begin}, runs {@code work}, commits; on any exception rolls back and rethrows
   * it unchanged. When {@code begin} itself finds the connection broken (the database went away and
   * came back since the connection was last used), nothing has run yet: it begins once more on
   * another connection, which the pool opens if it must (up to {@value #ATTEMPTS} attempts in all:
   * several pooled connections may have broken together).
   */
  <T> T inTransaction(String begin, Function<Handle, T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return attemptTransaction(begin, work);
      } catch (BrokenConnection e) {
        if (attempt == ATTEMPTS) {
          throw e.getCause();
        }
      }
    }
  }

  private <T> T attemptTransaction(String begin, Function<Handle, T> work) {
    return jdbi.withHandle(
        handle -> {
          try {
            handle.execute(begin);
          } catch (JdbiException e) {
            throw BrokenConnection.isCause(e) ? new BrokenConnection(e) : e;
          }
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

  /**
   * Runs {@code work} on a connection in auto-commit mode: each statement on its own. Only for
   * reads: when the connection turns out broken, {@code work} runs again on another one.
   */
  <T> T withHandle(Function<Handle, T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.withHandle(work::apply);
      } catch (ConnectionException e) {
        throw e; // no connection to be had: the database is down, not just a connection
      } catch (JdbiException e) {
        if (attempt == ATTEMPTS || !BrokenConnection.isCause(e)) {
          throw e;
        }
      }
    }
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

  /** Its connections now, as Hikari counts them; zeros before the pool has started. */
  dev.latchkey.core.store.PoolStats stats(String name) {
    var bean = dataSource.getHikariPoolMXBean();
    int max = dataSource.getMaximumPoolSize();
    if (bean == null) {
      return new dev.latchkey.core.store.PoolStats(name, 0, 0, 0, max);
    }
    return new dev.latchkey.core.store.PoolStats(
        name,
        bean.getActiveConnections(),
        bean.getIdleConnections(),
        bean.getThreadsAwaitingConnection(),
        max);
  }

  boolean isClosed() {
    return dataSource.isClosed();
  }

  @Override
  public void close() {
    dataSource.close();
  }

  /**
   * The connection was broken before the statement ran (SQLState class 08, "connection exception");
   * the pool has already evicted it.
   */
  private static final class BrokenConnection extends RuntimeException {
    BrokenConnection(JdbiException cause) {
      super(cause);
    }

    @Override
    public synchronized JdbiException getCause() {
      return (JdbiException) super.getCause();
    }

    static boolean isCause(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLException sql
            && sql.getSQLState() != null
            && sql.getSQLState().startsWith("08")) {
          return true;
        }
      }
      return false;
    }
  }
}
