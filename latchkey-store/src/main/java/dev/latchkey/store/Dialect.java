package dev.latchkey.store;

import java.sql.SQLException;
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
     * Takes the feed lock, appends and announces, in one round trip. The insert selects from the
     * lock's row, so the lock is held before the sequence value is drawn: a record appended without
     * it could commit after one with a higher {@code seq}, and a follower that had read past that
     * one would never see it. The notification is delivered at commit.
     */
    @Override
    String appendChange(String insertInto, String values) {
      return "WITH l AS (SELECT "
          + FEED_LOCK
          + " AS locked), c AS ("
          + insertInto
          + "SELECT "
          + values
          + " FROM l RETURNING seq) SELECT c.seq, pg_notify('"
          + CHANGES_CHANNEL
          + "', CAST(c.seq AS text)) FROM c";
    }
  };

  /** The channel on which PostgreSQL stores announce commits that appended change records. */
  static final String CHANGES_CHANNEL = "latchkey_changes";

  /**
   * A transaction-scoped advisory lock, one per schema: two Latchkey installations in different
   * schemas of one database do not wait for each other. The first key is "LKWR".
   */
  private static final String FEED_LOCK =
      "pg_advisory_xact_lock(1280005970, hashtext(coalesce(current_schema(), '')))";

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
   * The statement that appends a change record and returns its seq in the first column, from {@code
   * INSERT INTO changes (…) } and the values' parameters. SQLite needs no more: its writes are
   * serialised, so records become visible in {@code seq} order.
   */
  String appendChange(String insertInto, String values) {
    return insertInto + "VALUES (" + values + ") RETURNING seq";
  }
}
