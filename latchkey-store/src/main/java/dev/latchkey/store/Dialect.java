package dev.latchkey.store;

import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What differs between the SQL databases the store runs on; everything else is shared SQL. */
enum Dialect {
  SQLITE("classpath:db/migration/sqlite", "BEGIN IMMEDIATE", "BEGIN") {
    @Override
    boolean isUniqueViolation(SQLException e) {
      return e instanceof SQLiteException s
          && s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
    }
  },

  /**
   * PostgreSQL. Write transactions run at READ COMMITTED, concurrently; a read-check-write locks
   * its rows ({@code FOR UPDATE}), and appending a change record takes {@link #FEED_LOCK} until
   * commit, so records become visible in {@code seq} order (see the package doc). Reads run in a
   * read-only REPEATABLE READ transaction, one snapshot for the whole read.
   */
  POSTGRES(
      "classpath:db/migration/postgresql",
      "BEGIN ISOLATION LEVEL READ COMMITTED",
      "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY") {
    @Override
    boolean isUniqueViolation(SQLException e) {
      return "23505".equals(e.getSQLState());
    }

    @Override
    String forUpdate() {
      return " FOR UPDATE";
    }

    /**
     * Takes the feed lock: a change record appended without it could commit after one with a higher
     * {@code seq}, and a follower that had read past that one would never see it.
     */
    @Override
    void beforeChangeAppend(Handle handle) {
      handle.createUpdate(FEED_LOCK).execute();
    }

    @Override
    void afterChangeAppend(Handle handle, long seq) {
      handle.createUpdate(NOTIFY).bind("seq", Long.toString(seq)).execute();
    }
  };

  /** The channel on which PostgreSQL stores announce commits that appended change records. */
  static final String CHANGES_CHANNEL = "latchkey_changes";

  /**
   * A transaction-scoped advisory lock, one per schema: two Latchkey installations in different
   * schemas of one database do not wait for each other. The first key is "LKWR".
   */
  private static final String FEED_LOCK =
      "SELECT pg_advisory_xact_lock(1280005970, hashtext(coalesce(current_schema(), '')))";

  private static final String NOTIFY =
      "SELECT pg_notify('" + CHANGES_CHANNEL + "', CAST(:seq AS text))";

  private final String migrations;
  private final String beginWrite;
  private final String beginRead;

  Dialect(String migrations, String beginWrite, String beginRead) {
    this.migrations = migrations;
    this.beginWrite = beginWrite;
    this.beginRead = beginRead;
  }

  /** The Flyway location of this dialect's migrations. */
  String migrations() {
    return migrations;
  }

  /** Begins a read-write transaction. */
  String beginWrite() {
    return beginWrite;
  }

  /** Begins a transaction that reads one consistent snapshot. */
  String beginRead() {
    return beginRead;
  }

  /** Whether {@code e} reports a violated UNIQUE constraint or index. */
  abstract boolean isUniqueViolation(SQLException e);

  /**
   * What turns a query into one that locks the rows it reads until the transaction ends; empty for
   * SQLite, whose writes are serialised anyway.
   */
  String forUpdate() {
    return "";
  }

  /**
   * Runs before a change record is appended, in the same transaction. SQLite needs nothing: its
   * writes are serialised, so change records become visible in {@code seq} order.
   */
  void beforeChangeAppend(Handle handle) {}

  /** Runs after a change record with {@code seq} was appended, in the same transaction. */
  void afterChangeAppend(Handle handle, long seq) {}
}
