package dev.latchkey.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.core.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens a SQLite file as a store: migrates it, then opens one writer connection and a few read-only
 * reader connections, all in WAL mode.
 */
final class Sqlite {
  private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(5);
  private static final int READERS = 4;

  /** Writes queue for the single writer connection; this bounds the wait. */
  private static final Duration WRITE_QUEUE_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration READ_QUEUE_TIMEOUT = Duration.ofSeconds(10);

  private Sqlite() {}

  static SqlStore open(Path file) {
    Path absolute = file.toAbsolutePath();
    createParent(absolute);
    String url = "jdbc:sqlite:" + absolute;
    migrate(dataSource(url, false));
    Pool writer = null;
    try {
      writer = pool("latchkey-sqlite-writer", url, false, 1, WRITE_QUEUE_TIMEOUT);
      Pool readers = pool("latchkey-sqlite-reader", url, true, READERS, READ_QUEUE_TIMEOUT);
      return new SqlStore(writer, readers, Dialect.SQLITE);
    } catch (RuntimeException e) {
      if (writer != null) {
        writer.close();
      }
      throw new StoreException("unable to open the SQLite store", e);
    }
  }

  private static SQLiteDataSource dataSource(String url, boolean readOnly) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
    config.enforceForeignKeys(true);
    if (readOnly) {
      // journal_mode is a property of the file, set by the writer; a read-only connection
      // cannot change it.
      config.setReadOnly(true);
    } else {
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      // FULL: a commit is on disk before it is acknowledged, so an acknowledged revocation
      // survives a power loss too (NORMAL survives only a process crash). Writes are rare.
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    }
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(url);
    return dataSource;
  }

  private static void migrate(SQLiteDataSource dataSource) {
    try {
      Flyway.configure(Sqlite.class.getClassLoader())
          .dataSource(dataSource)
          .locations(Dialect.SQLITE.migrations())
          .javaMigrations(new ChainAuditEvents())
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (RuntimeException e) { // FlywayException, or the driver failing to open the file
      throw new StoreException("unable to migrate the SQLite store", e);
    }
  }

  private static Pool pool(String name, String url, boolean readOnly, int size, Duration wait) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setDataSource(dataSource(url, readOnly));
    // Hikari sets this flag on every connection; the driver accepts only the one it opened with.
    config.setReadOnly(readOnly);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(wait.toMillis());
    config.setAutoCommit(true);
    return new Pool(new HikariDataSource(config));
  }

  private static void createParent(Path file) {
    Path parent = file.getParent();
    if (parent == null) {
      return;
    }
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new StoreException("unable to create the directory of the SQLite store", e);
    }
  }
}
