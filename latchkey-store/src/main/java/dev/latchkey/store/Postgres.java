package dev.latchkey.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.core.store.StoreException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Opens a PostgreSQL database as a store: migrates it (Flyway holds a PostgreSQL advisory lock
 * while it does, so nodes starting together migrate once), then opens a writer pool, a reader pool,
 * a one-connection pool that answers {@code isReachable}, and the connection that listens for other
 * nodes' commits.
 *
 * <p>Timeouts are chosen so that an outage shows quickly: waiting for a pool connection gives up
 * after {@link #POOL_WAIT} (a management call then fails with {@code StoreException}, a 503), the
 * reachability check after about a second, a query on a silent network after {@link
 * #SOCKET_TIMEOUT_SECONDS} s. Hikari replaces broken connections by itself, so the store recovers
 * without a restart when the database returns.
 */
final class Postgres {
  /** Write transactions that run at once; only their change appends queue, for the feed lock. */
  private static final int WRITERS = 8;

  private static final int READERS = 8;
  private static final Duration POOL_WAIT = Duration.ofSeconds(3);
  private static final Duration PROBE_WAIT = Duration.ofSeconds(1);
  private static final int CONNECT_TIMEOUT_SECONDS = 3;
  private static final int SOCKET_TIMEOUT_SECONDS = 30;

  /**
   * Per session: a transaction waiting longer than 10 s for a lock (the write lock, behind a stuck
   * writer) fails instead of queueing forever; a session that sits inside a transaction for 60 s
   * (its node paused or cut off) is ended by the server, which frees the locks it held.
   */
  private static final String SESSION_SETTINGS =
      "SET lock_timeout = '10s'; SET idle_in_transaction_session_timeout = '60s'";

  private Postgres() {}

  /**
   * @param password when present, the password of every connection, asked for each time one is
   *     opened (so a changed password is used from the next connection on); it overrides the URL's
   */
  static SqlStore open(String url, Optional<Supplier<ServerSecret>> password) {
    PostgresUrl parsed;
    try {
      parsed = PostgresUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new StoreException(e.getMessage(), null); // the message never repeats the URL
    }
    if (password.isPresent()) {
      parsed = parsed.withoutPassword();
    }
    Sources sources = new Sources(parsed, password);
    migrate(parsed, sources);
    Pool writer = null;
    Pool readers = null;
    Pool probe = null;
    try {
      writer = pool("latchkey-pg-writer", sources.pooled(), WRITERS, POOL_WAIT);
      readers = pool("latchkey-pg-reader", sources.pooled(), READERS, POOL_WAIT);
      PGSimpleDataSource probeSource = sources.pooled();
      probeSource.setConnectTimeout((int) PROBE_WAIT.toSeconds());
      probe = pool("latchkey-pg-probe", probeSource, 1, PROBE_WAIT);
      PGSimpleDataSource listenerSource = sources.pooled();
      return new SqlStore(
          writer,
          readers,
          probe,
          Dialect.POSTGRES,
          wakeAll -> PgListener.start(listenerSource, wakeAll));
    } catch (RuntimeException e) {
      closeAll(writer, readers, probe);
      throw new StoreException("unable to open the PostgreSQL store", e);
    }
  }

  /** Makes the data sources of one store: with the password apart, or the URL's own. */
  private record Sources(PostgresUrl url, Optional<Supplier<ServerSecret>> password) {
    PGSimpleDataSource pooled() {
      return dataSource(url, true, password);
    }

    PGSimpleDataSource migrating() {
      return dataSource(url, false, password);
    }
  }

  /**
   * A data source for {@code url}, with this store's defaults for what the URL leaves unset.
   *
   * @param pooled whether it serves queries (socket timeout) rather than migrations, which may run
   *     long
   */
  private static PGSimpleDataSource dataSource(
      PostgresUrl url, boolean pooled, Optional<Supplier<ServerSecret>> password) {
    PGSimpleDataSource ds =
        password
            .<PGSimpleDataSource>map(CurrentPasswordDataSource::new)
            .orElseGet(PGSimpleDataSource::new);
    try {
      ds.setURL(url.jdbcUrl());
    } catch (IllegalArgumentException e) {
      // pgjdbc's message holds the URL, and so perhaps a password: keep neither.
      throw new StoreException("the database URL is not a valid PostgreSQL URL", null);
    }
    if (!url.parameters().containsKey("connectTimeout")) {
      ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
    }
    if (pooled && !url.parameters().containsKey("socketTimeout")) {
      ds.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
    }
    if (!url.parameters().containsKey("tcpKeepAlive")) {
      ds.setTcpKeepAlive(true);
    }
    if (!url.parameters().containsKey("ApplicationName")) {
      ds.setApplicationName("latchkey");
    }
    return ds;
  }

  private static void migrate(PostgresUrl url, Sources sources) {
    try {
      FluentConfiguration config =
          Flyway.configure(Postgres.class.getClassLoader())
              .dataSource(sources.migrating())
              .locations(Dialect.POSTGRES.migrations())
              .javaMigrations(new ChainAuditEvents())
              .failOnMissingLocations(true);
      // The schema the store's connections use (first in currentSchema) is the one to migrate;
      // Flyway creates it when missing.
      url.schema().ifPresent(config::schemas);
      config.load().migrate();
    } catch (RuntimeException e) { // FlywayException, or the driver failing to connect
      throw new StoreException("unable to migrate the PostgreSQL store", e);
    }
  }

  private static Pool pool(String name, PGSimpleDataSource source, int size, Duration wait) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setDataSource(source);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(wait.toMillis());
    config.setValidationTimeout(wait.toMillis() / 2);
    config.setConnectionInitSql(SESSION_SETTINGS);
    config.setAutoCommit(true);
    return new Pool(new HikariDataSource(config));
  }

  private static void closeAll(Pool... pools) {
    for (Pool p : pools) {
      if (p != null) {
        p.close();
      }
    }
  }
}
