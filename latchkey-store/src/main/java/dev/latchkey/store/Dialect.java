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
   * PostgreSQL. Write transactions run at READ COMMITTED and take {@link #WRITE_LOCK} as their
   * first statement, so they run one at a time across every node (see the package doc for why);
   * reads run in a read-only REPEATABLE READ transaction, one snapshot for the whole read.
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
    void writeBegun(Handle handle) {
      handle.createUpdate(WRITE_LOCK).execute();
    }

    /**
     * Takes the write lock; the transaction already holds it from {@link #writeBegun} (a second
     * take is a no-op), but the feed's order must not depend on that staying so: a change record
     * appended without the lock could commit after a follower has read past its {@code seq}.
     */
    @Override
    void beforeChangeAppend(Handle handle) {
      handle.createUpdate(WRITE_LOCK).execute();
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
  private static final String WRITE_LOCK =
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

  /** Begins a read-write transaction; {@link #writeBegun} then runs in it. */
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
   * Runs first in every write transaction, before the work. SQLite needs nothing: {@code BEGIN
   * IMMEDIATE} has taken the database's write lock already.
   */
  void writeBegun(Handle handle) {}

  /**
   * Runs before a change record is appended, in the same transaction. SQLite needs nothing: its
   * writes are serialised, so change records become visible in {@code seq} order.
   */
  void beforeChangeAppend(Handle handle) {}

  /** Runs after a change record with {@code seq} was appended, in the same transaction. */
  void afterChangeAppend(Handle handle, long seq) {}
}
